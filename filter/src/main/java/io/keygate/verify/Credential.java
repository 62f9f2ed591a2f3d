package io.keygate.verify;

/**
 * What an adapter read from a request, before any verification: the input of
 * {@link Authenticator#authenticate}. Adapters read it their own way (the servlet filter from the
 * {@code Authorization} header and the query string); the engine decides the same way for all of them.
 */
public sealed interface Credential {

    /** No credential at all: 401 missing. */
    Credential MISSING = new Missing(false);
    /** A credential that is not {@code Bearer <token>} (or several of them, or an unusable token): 401 missing. */
    Credential MALFORMED = new Missing(true);
    /** A key in the URL's query string: 400, whatever else the request carries. */
    Credential KEY_IN_URL = new KeyInUrl();

    /** Longest bearer API key an adapter should pass on; longer ones are {@link #MALFORMED}. */
    int MAX_TOKEN_LENGTH = 256;
    /**
     * Longest bearer credential shaped like a JWS (it has a dot; API keys have none) an adapter should pass on: a token of
     * the token module is about 490 characters, 850 with every id at its longest.
     */
    int MAX_JWS_LENGTH = 2048;

    /**
     * A bearer token of 1..{@value #MAX_TOKEN_LENGTH} printable ASCII characters without spaces (the adapter checked
     * that). Its {@code toString()} never shows the token.
     */
    record Bearer(String token) implements Credential {
        public Bearer {
            java.util.Objects.requireNonNull(token, "token cannot be null");
        }

        @Override
        public String toString() {
            return "Bearer[" + token.length() + " characters]";
        }
    }

    /** See {@link #MISSING} and {@link #MALFORMED}. */
    record Missing(boolean malformed) implements Credential {
    }

    /** See {@link #KEY_IN_URL}. */
    record KeyInUrl() implements Credential {
    }
}
