package io.keygate.service;

/** A rotation was asked of a key that is revoked or expired. */
public class KeyNotActiveException extends RuntimeException {
    public KeyNotActiveException(String message) {
        super(message);
    }
}
