package io.keygate.token;

/**
 * No token can be issued now: no signing key could be loaded or opened (the store is unreachable, or the token secret
 * does not open the key). Answer 503; the message never contains a key or a secret.
 */
public class TokenUnavailableException extends RuntimeException {
    public TokenUnavailableException(String message) {
        super(message);
    }

    public TokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
