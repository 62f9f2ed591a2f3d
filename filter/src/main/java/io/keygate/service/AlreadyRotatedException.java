package io.keygate.service;

/**
 * A rotation was asked of a key that already has a successor: a key is rotated at most once (contract §7.1: 409
 * {@code {"error":"Conflict","detail":"Key was already rotated."}}). Nothing was written.
 */
public class AlreadyRotatedException extends KeyNotActiveException {

    /** The detail of the 409 answer. */
    public static final String MESSAGE = "Key was already rotated.";

    public AlreadyRotatedException() {
        super(MESSAGE);
    }
}
