package io.keygate.http;

import io.keygate.verify.EngineSettings;
import io.keygate.verify.PathPattern;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import static io.keygate.verify.EngineSettings.invalid;

/**
 * The HTTP side of keygate's settings: what an adapter reads from a request and how it answers. Immutable; every
 * component is checked in the compact constructor, so no invalid instance can exist; messages name the init-param,
 * the value and the rule.
 */
public record HttpSettings(
        String realm,
        List<PathPattern> excludePaths,
        Set<String> keyQueryParams,
        boolean expiredAsInvalid,
        HeaderDialect rateLimitHeaders,
        boolean problemJson,
        boolean hideAuthorizationHeader,
        String clientAddressHeader) {

    public static final String REALM = "realm";
    public static final String EXCLUDE_PATHS = "exclude-paths";
    public static final String KEY_QUERY_PARAMS = "key-query-params";
    public static final String EXPIRED_AS_INVALID = "expired-as-invalid";
    public static final String RATE_LIMIT_HEADERS = "rate-limit-headers";
    public static final String PROBLEM_JSON = "problem-json";
    public static final String HIDE_AUTHORIZATION_HEADER = "hide-authorization-header";
    public static final String CLIENT_ADDRESS_HEADER = "client-address-header";

    /** The realm of {@code WWW-Authenticate} challenges when none is configured. */
    public static final String DEFAULT_REALM = "api";

    /** Every HTTP parameter. */
    public static final Set<String> PARAMETERS = Set.of(REALM, EXCLUDE_PATHS, KEY_QUERY_PARAMS, EXPIRED_AS_INVALID,
            RATE_LIMIT_HEADERS, PROBLEM_JSON, HIDE_AUTHORIZATION_HEADER, CLIENT_ADDRESS_HEADER);

    static final Pattern REALM_RULE = Pattern.compile("[\\x20-\\x7E&&[^\"\\\\]]{1,64}");
    static final Pattern HEADER_RULE = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public HttpSettings {
        checkRealm(realm);
        excludePaths = List.copyOf(excludePaths);
        keyQueryParams = Collections.unmodifiableSet(new LinkedHashSet<>(keyQueryParams));
        keyQueryParams.forEach(HttpSettings::checkQueryParam);
        Objects.requireNonNull(rateLimitHeaders, "rateLimitHeaders cannot be null");
        checkHeader(clientAddressHeader);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static HttpSettings defaults() {
        return builder().build();
    }

    static void checkRealm(String realm) {
        if (realm == null || !REALM_RULE.matcher(realm).matches()) {
            throw invalid(REALM, realm, "it must be 1..64 printable ASCII characters without quote or backslash");
        }
    }

    static void checkQueryParam(String name) {
        if (name == null || !EngineSettings.NAME_RULE.matcher(name).matches()
                || !name.equals(name.toLowerCase(Locale.ROOT))) {
            throw invalid(KEY_QUERY_PARAMS, name, "a parameter name must match " + EngineSettings.NAME_RULE.pattern()
                    + " (kept in lower case)");
        }
    }

    static void checkHeader(String header) {
        if (header != null && !HEADER_RULE.matcher(header).matches()) {
            throw invalid(CLIENT_ADDRESS_HEADER, header, "a header name must match " + HEADER_RULE.pattern());
        }
    }

    /** Builder with the documented defaults; each setter checks its value at once, like the constructor. */
    public static final class Builder {
        private String realm = DEFAULT_REALM;
        private final List<PathPattern> excludePaths = new ArrayList<>();
        private Set<String> keyQueryParams = new LinkedHashSet<>(List.of("api_key", "apikey", "access_token"));
        private boolean expiredAsInvalid;
        private HeaderDialect rateLimitHeaders = HeaderDialect.EPOCH;
        private boolean problemJson;
        private boolean hideAuthorizationHeader = true;
        private String clientAddressHeader;

        private Builder() {
        }

        /** {@code realm} in {@code WWW-Authenticate}. Default {@code api}. */
        public Builder realm(String realm) {
            checkRealm(realm);
            this.realm = realm;
            return this;
        }

        /** Paths that pass through without authentication (e.g. {@code /health}, {@code /public/**}). */
        public Builder excludePaths(String... patterns) {
            for (String p : patterns) {
                excludePaths.add(EngineSettings.pattern(EXCLUDE_PATHS, p));
            }
            return this;
        }

        /** Query parameter names (case-insensitive) that carry a key by mistake; such a request gets 400. */
        public Builder keyQueryParams(String... names) {
            Set<String> out = new LinkedHashSet<>();
            for (String n : names) {
                if (n == null || !EngineSettings.NAME_RULE.matcher(n).matches()) {
                    throw invalid(KEY_QUERY_PARAMS, n, "a parameter name must match "
                            + EngineSettings.NAME_RULE.pattern());
                }
                out.add(n.toLowerCase(Locale.ROOT));
            }
            this.keyQueryParams = out;
            return this;
        }

        /** Answer expired keys with the generic invalid body. */
        public Builder expiredAsInvalid(boolean value) {
            this.expiredAsInvalid = value;
            return this;
        }

        public Builder rateLimitHeaders(HeaderDialect dialect) {
            this.rateLimitHeaders = Objects.requireNonNull(dialect, "rateLimitHeaders cannot be null");
            return this;
        }

        /** Answer errors as RFC 9457 {@code application/problem+json}. */
        public Builder problemJson(boolean value) {
            this.problemJson = value;
            return this;
        }

        /** Hide the {@code Authorization} header from the application (default true). */
        public Builder hideAuthorizationHeader(boolean value) {
            this.hideAuthorizationHeader = value;
            return this;
        }

        /**
         * Header with the client address set by a trusted reverse proxy (e.g. {@code X-Forwarded-For}; its last
         * entry is used). Leave unset unless every request passes such a proxy: clients can forge it otherwise.
         */
        public Builder clientAddressHeader(String header) {
            checkHeader(header);
            this.clientAddressHeader = header;
            return this;
        }

        public HttpSettings build() {
            return new HttpSettings(realm, excludePaths, keyQueryParams, expiredAsInvalid, rateLimitHeaders,
                    problemJson, hideAuthorizationHeader, clientAddressHeader);
        }
    }
}
