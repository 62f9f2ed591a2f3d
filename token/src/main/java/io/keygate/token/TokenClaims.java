package io.keygate.token;

/**
 * The claims of a keygate token (contract §8) and the values that go with them, in one place.
 *
 * <pre>{@code
 * header:  {"kid":"<signing key>","typ":"JWT","alg":"ES256"}
 * payload: {"iss":"keygate","sub":"key_…","aud":"keygate","iat":…,"exp":…,"jti":"…",
 *           "org":"acme","team":"team_ops","env":"live","scope":"read write",
 *           "restriction":{"type":"workflow","id":"wf_echo"}}
 * }</pre>
 *
 * {@code team} and {@code restriction} are left out when the key has none. Never the key's plaintext or hash.
 */
public final class TokenClaims {

    /** The JWS algorithm of every keygate token: ECDSA with P-256 and SHA-256 (see the README for why). */
    public static final String ALGORITHM = "ES256";
    /** The JWS {@code typ} header of every keygate token. */
    public static final String TYPE = "JWT";

    public static final String ISSUER = "iss";
    public static final String AUDIENCE = "aud";
    /** The id of the API key the token was exchanged for; the token acts as that key. */
    public static final String SUBJECT = "sub";
    public static final String ISSUED_AT = "iat";
    public static final String EXPIRES = "exp";
    public static final String NOT_BEFORE = "nbf";
    /** A random id of this token (22 base64url characters). */
    public static final String TOKEN_ID = "jti";
    /** The key's organization id. */
    public static final String ORGANIZATION = "org";
    /** The key's team id; absent when the key has no team. */
    public static final String TEAM = "team";
    /** The key's environment, {@code live} or {@code test}. */
    public static final String ENVIRONMENT = "env";
    /** The key's effective permissions, space-separated, in the order read, write, admin. */
    public static final String SCOPE = "scope";
    /** The key's restriction as {@code {"type":…,"id":…}}, e.g. a workflow; absent when the key has none. */
    public static final String RESTRICTION = "restriction";
    public static final String RESTRICTION_TYPE = "type";
    public static final String RESTRICTION_ID = "id";

    /**
     * Longest token a verifier accepts. A keygate token is about 490 characters, one with 64-character ids everywhere about 850
     * (see {@code TokenIssuerTest}); the rest is headroom for longer issuer and audience names.
     */
    public static final int MAX_TOKEN_LENGTH = 2048;

    private TokenClaims() {
    }
}
