package io.keygate.http;

import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitScope;
import io.keygate.verify.PathPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthSettingsTest {

    /** One accepted init-param value per parameter, each different from the default, and how to read it back. */
    record Valid(String param, String value, Function<AuthSettings, Object> read, Object expected) {
        @Override
        public String toString() {
            return param + "=" + value;
        }
    }

    /** One rejected init-param value per parameter, the offending part the message must quote, and its rule. */
    record Invalid(String param, String value, String quoted, String rule) {
        @Override
        public String toString() {
            return param + "=" + value;
        }
    }

    static List<Valid> validValues() {
        return List.of(
                new Valid("realm", "keygate-test", AuthSettings::realm, "keygate-test"),
                new Valid("exclude-paths", "/metrics, /public/**", s -> strings(s.excludePaths()),
                        List.of("/metrics", "/public/**")),
                new Valid("key-query-params", "token, Key", AuthSettings::keyQueryParams, Set.of("token", "key")),
                new Valid("failed-auth-limit", "5/10", AuthSettings::failedAuthLimit, new Limit(5, 10)),
                new Valid("failed-auth-max-clients", "77", AuthSettings::failedAuthMaxClients, 77L),
                new Valid("cache-max-size", "500", AuthSettings::cacheMaxSize, 500L),
                new Valid("cache-ttl-seconds", "120", AuthSettings::cacheTtl, Duration.ofSeconds(120)),
                new Valid("negative-cache-max-size", "50", AuthSettings::negativeCacheMaxSize, 50L),
                new Valid("negative-cache-ttl-seconds", "0", AuthSettings::negativeCacheTtl, Duration.ZERO),
                new Valid("stale-if-error-seconds", "0", AuthSettings::staleIfError, Duration.ZERO),
                new Valid("expired-as-invalid", "true", AuthSettings::expiredAsInvalid, true),
                new Valid("admin-paths", "/admin/api/**", s -> strings(s.adminPaths()), List.of("/admin/api/**")),
                new Valid("read-paths", "/api/token, /api/search", s -> strings(s.readPaths()),
                        List.of("/api/token", "/api/search")),
                new Valid("restrictions", "workflow=/developer/api/workflows/{id}/**",
                        s -> s.restrictions().entrySet().stream()
                                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString())),
                        Map.of("workflow", "/developer/api/workflows/{id}/**")),
                new Valid("read-methods", "GET, PROPFIND", AuthSettings::readMethods, Set.of("GET", "PROPFIND")),
                new Valid("rate-limit-headers", "ietf", AuthSettings::rateLimitHeaders, HeaderDialect.IETF),
                new Valid("rate-limit-scope", "organization", AuthSettings::rateLimitScope,
                        RateLimitScope.ORGANIZATION),
                new Valid("problem-json", "TRUE", AuthSettings::problemJson, true),
                new Valid("hide-authorization-header", "false", AuthSettings::hideAuthorizationHeader, false),
                new Valid("last-used-flush-seconds", "30", AuthSettings::lastUsedFlushInterval, Duration.ofSeconds(30)),
                new Valid("last-used-max-pending", "10", AuthSettings::lastUsedMaxPending, 10),
                new Valid("unavailable-retry-after-seconds", "9", AuthSettings::unavailableRetryAfterSeconds, 9L),
                new Valid("client-address-header", "X-Forwarded-For", AuthSettings::clientAddressHeader,
                        "X-Forwarded-For"),
                new Valid("usage-flush-seconds", "30", AuthSettings::usageFlushInterval, Duration.ofSeconds(30)),
                new Valid("usage-max-pending", "10", AuthSettings::usageMaxPending, 10));
    }

    static List<Invalid> invalidValues() {
        return List.of(
                new Invalid("realm", "a\"b", "a\"b", "printable ASCII characters without quote or backslash"),
                new Invalid("exclude-paths", "/ok, metrics", "metrics", "must start with /"),
                new Invalid("key-query-params", "api$key", "api$key", "must match"),
                new Invalid("failed-auth-limit", "30", "30", "N/W"),
                new Invalid("failed-auth-max-clients", "0", "0", "at least 1"),
                new Invalid("cache-max-size", "lots", "lots", "whole number"),
                new Invalid("cache-ttl-seconds", "0", "0", "at least 1"),
                new Invalid("negative-cache-max-size", "-1", "-1", "at least 1"),
                new Invalid("negative-cache-ttl-seconds", "-1", "-1", "at least 0"),
                new Invalid("stale-if-error-seconds", "5m", "5m", "whole number"),
                new Invalid("expired-as-invalid", "yes", "yes", "true or false"),
                new Invalid("admin-paths", "/admin/**/keys", "/admin/**/keys", "** may only end it"),
                new Invalid("read-paths", "token", "token", "must start with /"),
                new Invalid("restrictions", "workflow", "workflow", "type=/path/template/{id}/**"),
                new Invalid("read-methods", "get", "get", "uppercase letters"),
                new Invalid("rate-limit-headers", "iso", "iso", "epoch, x-iso, ietf, none"),
                new Invalid("rate-limit-scope", "team", "team", "key, organization"),
                new Invalid("problem-json", "1", "1", "true or false"),
                new Invalid("hide-authorization-header", "no", "no", "true or false"),
                new Invalid("last-used-flush-seconds", "0", "0", "at least 1"),
                new Invalid("last-used-max-pending", "0", "0", "at least 1"),
                new Invalid("unavailable-retry-after-seconds", "0", "0", "at least 1"),
                new Invalid("client-address-header", "X Forwarded For", "X Forwarded For", "header name must match"),
                new Invalid("usage-flush-seconds", "0", "0", "at least 1"),
                new Invalid("usage-max-pending", "many", "many", "whole number"));
    }

    @Test
    void defaultsWhenNothingSetThenDocumentedValues() {
        AuthSettings d = AuthSettings.defaults();

        assertThat(d.realm()).isEqualTo("api");
        assertThat(d.excludePaths()).isEmpty();
        assertThat(d.keyQueryParams()).containsExactly("api_key", "apikey", "access_token");
        assertThat(d.failedAuthLimit()).isEqualTo(new Limit(30, 60));
        assertThat(d.failedAuthMaxClients()).isEqualTo(100_000);
        assertThat(d.cacheMaxSize()).isEqualTo(100_000);
        assertThat(d.cacheTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.negativeCacheMaxSize()).isEqualTo(100_000);
        assertThat(d.negativeCacheTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.staleIfError()).isEqualTo(Duration.ofSeconds(300));
        assertThat(d.expiredAsInvalid()).isFalse();
        assertThat(d.adminPaths()).isEmpty();
        assertThat(d.readPaths()).isEmpty();
        assertThat(d.restrictions()).isEmpty();
        assertThat(d.readMethods()).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS");
        assertThat(d.rateLimitHeaders()).isEqualTo(HeaderDialect.EPOCH);
        assertThat(d.rateLimitScope()).isEqualTo(RateLimitScope.KEY);
        assertThat(d.problemJson()).isFalse();
        assertThat(d.hideAuthorizationHeader()).isTrue();
        assertThat(d.lastUsedFlushInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.lastUsedMaxPending()).isEqualTo(100_000);
        assertThat(d.unavailableRetryAfterSeconds()).isEqualTo(5);
        assertThat(d.clientAddressHeader()).isNull();
        assertThat(d.usageFlushInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.usageMaxPending()).isEqualTo(100_000);
        assertThat(AuthSettings.fromInitParams(Map.of())).isEqualTo(d);
    }

    @Test
    void testTablesWhenComparedToParametersThenCoverEveryParameter() {
        assertThat(validValues()).extracting(Valid::param).containsExactlyInAnyOrderElementsOf(AuthSettings.PARAMETERS);
        assertThat(invalidValues()).extracting(Invalid::param).containsExactlyInAnyOrderElementsOf(AuthSettings.PARAMETERS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validValues")
    void fromInitParamsWhenValueValidThenVisibleInSettings(Valid c) {
        AuthSettings settings = AuthSettings.fromInitParams(Map.of(c.param(), c.value()));

        assertThat(c.read().apply(settings)).isEqualTo(c.expected());
        // the value really changed something: the default differs
        assertThat(c.read().apply(AuthSettings.defaults())).isNotEqualTo(c.expected());
    }

    @Test
    void fromInitParamsWhenEveryParameterSetThenAllVisibleTogether() {
        Map<String, String> params = new LinkedHashMap<>();
        validValues().forEach(c -> params.put(c.param(), c.value()));

        AuthSettings settings = AuthSettings.fromInitParams(params);

        assertThat(validValues()).allSatisfy(c -> assertThat(c.read().apply(settings)).as(c.param())
                .isEqualTo(c.expected()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void fromInitParamsWhenValueInvalidThenMessageNamesParameterValueAndRule(Invalid c) {
        assertThatThrownBy(() -> AuthSettings.fromInitParams(Map.of(c.param(), c.value())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(c.param())
                .hasMessageContaining("'" + c.quoted() + "'")
                .hasMessageContaining(c.rule());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cache-ttl-seconds", "negative-cache-ttl-seconds", "stale-if-error-seconds",
            "last-used-flush-seconds", "usage-flush-seconds"})
    void fromInitParamsWhenDurationBeyondOneYearThenRejectedNamingParameter(String param) {
        // such values would overflow millisecond arithmetic at init instead of failing with a clear message
        assertThatThrownBy(() -> AuthSettings.fromInitParams(Map.of(param, "9223372036854775807")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(param)
                .hasMessageContaining("'9223372036854775807'")
                .hasMessageContaining("at most " + AuthSettings.MAX_SECONDS);
        assertThat(AuthSettings.fromInitParams(Map.of(param, String.valueOf(AuthSettings.MAX_SECONDS))))
                .isNotNull();
    }

    @Test
    void fromInitParamsWhenFailedAuthWindowBeyondOneYearThenRejected() {
        assertThatThrownBy(() -> AuthSettings.fromInitParams(Map.of("failed-auth-limit", "30/9223372036854775807")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failed-auth-limit")
                .hasMessageContaining("at most " + AuthSettings.MAX_SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/60", "30/0", "thirty/60", "30/", "/60"})
    void fromInitParamsWhenFailedAuthLimitMalformedThenMessageNamesValueAndRule(String value) {
        assertThatThrownBy(() -> AuthSettings.fromInitParams(Map.of("failed-auth-limit", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failed-auth-limit")
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining("N/W");
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoch", "x-iso", "ietf", "none"})
    void fromInitParamsWhenEachHeaderDialectThenAccepted(String value) {
        assertThat(AuthSettings.fromInitParams(Map.of("rate-limit-headers", value)).rateLimitHeaders().paramValue())
                .isEqualTo(value);
    }

    @Test
    void fromInitParamsWhenParameterUnknownThenMessageNamesItAndListsKnownOnes() {
        assertThatThrownBy(() -> AuthSettings.fromInitParams(Map.of("cache-ttl", "60")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cache-ttl'")
                .satisfies(e -> assertThat(e.getMessage()).contains(AuthSettings.PARAMETERS));
    }

    @Test
    void fromInitParamsWhenSeveralRestrictionsThenEachCompiledWithItsTemplate() {
        AuthSettings settings = AuthSettings.fromInitParams(Map.of("restrictions",
                " workflow=/developer/api/workflows/{id}/** ; instance=/developer/api/workflow_instances/{id}/status,"
                        + "project=/projects/{pid}/**"));

        assertThat(settings.restrictions()).containsOnlyKeys("workflow", "instance", "project");
        assertThat(settings.restrictions().get("workflow").match("/developer/api/workflows/wf_echo/trigger/sync"))
                .isEqualTo("wf_echo");
        assertThat(settings.restrictions().get("instance").match("/developer/api/workflow_instances/wi_1/status"))
                .isEqualTo("wi_1");
        assertThat(settings.restrictions().get("project").match("/projects/p9")).isEqualTo("p9");
    }

    @Test
    void fromInitParamsWhenRestrictionsEmptyThenNone() {
        assertThat(AuthSettings.fromInitParams(Map.of("restrictions", " ")).restrictions()).isEmpty();
    }

    static Stream<Invalid> invalidRestrictions() {
        return Stream.of(
                new Invalid("restrictions", "workflow=/developer/api/workflows/wf_echo/**",
                        "workflow=/developer/api/workflows/wf_echo/**", "must capture the id with {name}"),
                new Invalid("restrictions", "wf!=/w/{id}", "wf!", "a restriction type must match"),
                new Invalid("restrictions", "=/w/{id}", "=/w/{id}", "type=/path/template/{id}/**"),
                new Invalid("restrictions", "workflow=w/{id}", "workflow=w/{id}", "must start with /"),
                new Invalid("restrictions", "workflow=/w/**/{id}", "workflow=/w/**/{id}", "** may only end it"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRestrictions")
    void fromInitParamsWhenRestrictionInvalidThenMessageNamesEntryAndRule(Invalid c) {
        assertThatThrownBy(() -> AuthSettings.fromInitParams(Map.of(c.param(), c.value())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restrictions")
                .hasMessageContaining("'" + c.quoted() + "'")
                .hasMessageContaining(c.rule());
    }

    @Test
    void builderWhenValuesOutOfRangeThenMessagesNameParameterValueAndRule() {
        assertThatThrownBy(() -> AuthSettings.builder().cacheMaxSize(0))
                .hasMessageContaining("cache-max-size").hasMessageContaining("'0'").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> AuthSettings.builder().cacheTtl(Duration.ofMillis(500)))
                .hasMessageContaining("cache-ttl-seconds").hasMessageContaining("at least 1 seconds");
        assertThatThrownBy(() -> AuthSettings.builder().staleIfError(Duration.ofSeconds(-1)))
                .hasMessageContaining("stale-if-error-seconds").hasMessageContaining("'-1'");
        assertThatThrownBy(() -> AuthSettings.builder().realm(null))
                .hasMessageContaining("realm").hasMessageContaining("'null'");
        assertThatThrownBy(() -> AuthSettings.builder().realm("x".repeat(65)))
                .hasMessageContaining("realm").hasMessageContaining("1..64");
        assertThatThrownBy(() -> AuthSettings.builder().failedAuthLimit(null))
                .isInstanceOf(NullPointerException.class).hasMessage("failedAuthLimit cannot be null");
    }

    @Test
    void buildWhenBuiltThenCollectionsUnmodifiableAndBuilderChangesDoNotLeak() {
        AuthSettings.Builder builder = AuthSettings.builder().excludePaths("/health").restriction("workflow", "/w/{id}");
        AuthSettings settings = builder.build();
        builder.excludePaths("/later").restriction("project", "/p/{id}");

        assertThat(strings(settings.excludePaths())).containsExactly("/health");
        assertThat(settings.restrictions()).containsOnlyKeys("workflow");
        assertThatThrownBy(() -> settings.excludePaths().add(PathPattern.compile("/x")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> settings.keyQueryParams().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> settings.restrictions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> settings.readMethods().add("PUT")).isInstanceOf(UnsupportedOperationException.class);
    }

    private static List<String> strings(List<PathPattern> patterns) {
        return patterns.stream().map(PathPattern::toString).toList();
    }
}
