package io.keygate.sample.api;

/** What an id in a path or body may look like. */
public final class Ids {

    /**
     * An id in a path: anything else (odd characters, too long) matches no route and is 404, the same as an id
     * that does not exist.
     */
    public static final String PATH = "[A-Za-z0-9_-]{1,64}";
    /** An organization or workflow id in a body or query. */
    public static final String FIELD = "[A-Za-z0-9_.@-]{1,64}";
    public static final String FIELD_RULE = "must be 1..64 letters, digits or _ - . @";

    private Ids() {
    }
}
