package io.keygate.service;

/** Input rejected; {@link #field()} names the offending field (wire name, e.g. {@code expires_at}). */
public class ValidationException extends RuntimeException {

    private final String field;

    public ValidationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
