package io.keygate.store;

/**
 * The key store cannot be reached or did not answer in time. The filter answers 503 (or serves a cached key,
 * stale-if-error). Messages must never contain a key.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
