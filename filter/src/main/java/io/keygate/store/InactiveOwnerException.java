package io.keygate.store;

/**
 * A management write named a service account as a key's owner that is missing, disabled or of another
 * organization. Nothing was written.
 */
public class InactiveOwnerException extends RuntimeException {
    public InactiveOwnerException(String message) {
        super(message);
    }
}
