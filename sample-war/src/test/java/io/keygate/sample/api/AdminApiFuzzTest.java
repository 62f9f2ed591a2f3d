package io.keygate.sample.api;

import io.keygate.sample.it.ApiClient;
import io.keygate.sample.it.RawHttp;
import io.keygate.sample.support.CapturedLog;
import io.keygate.sample.support.InProcessSample;
import io.keygate.testing.ScratchSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing every admin endpoint and every query parameter on PostgreSQL (the database that refuses the most: NUL in
 * text, malformed UTF-8): random bytes, percent-encodings (malformed ones too), NUL, lone surrogates, huge and
 * negative numbers, key-shaped and SQL-shaped text, in query parameters, path ids and JSON bodies, by a platform
 * admin and by an organization admin. Never a 500, never a 503, never a stack trace in the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiFuzzTest {

    private static final long SEED = 20261130L;
    private static final int ROUNDS_PER_TARGET = 80;

    private final CapturedLog log = new CapturedLog();
    private ScratchSchema schema;
    private InProcessSample sample;
    private URI base;
    private String acmeAdmin;
    private String keyId;

    /**
     * An admin endpoint: method, path (with {@code {id}} for a path id), query parameters, body fields, and a valid
     * body that each round mutates in one field (so that the mutated value gets past the other fields' checks and
     * reaches as deep as it can: the service, the store, the database).
     */
    record Target(String method, String path, List<String> params, List<String> bodyFields, String validBody) {
        Target(String method, String path, List<String> params, List<String> bodyFields) {
            this(method, path, params, bodyFields, "{}");
        }
    }

    static final List<Target> TARGETS = List.of(
            new Target("GET", "/admin/api/keys", List.of("q", "page", "size", "organization_id", "status",
                    "environment", "team_id", "owner_type", "owner_id"), List.of()),
            new Target("POST", "/admin/api/keys", List.of(), List.of("name", "organization_id", "team_id",
                    "permissions", "environment", "workflow_id", "expires_at", "plan", "rate_limit", "owner"),
                    "{\"name\":\"fuzz\",\"permissions\":[\"read\"],\"environment\":\"live\"}"),
            new Target("GET", "/admin/api/keys/{id}", List.of(), List.of()),
            new Target("DELETE", "/admin/api/keys/{id}", List.of(), List.of()),
            new Target("POST", "/admin/api/keys/{id}/rotate", List.of(), List.of("grace_seconds"),
                    "{\"grace_seconds\":60}"),
            new Target("GET", "/admin/api/keys/{id}/usage", List.of("days"), List.of()),
            new Target("GET", "/admin/api/service_accounts", List.of("q", "status", "organization_id", "page", "size"),
                    List.of()),
            new Target("POST", "/admin/api/service_accounts", List.of(), List.of("name", "organization_id", "team_id"),
                    "{\"name\":\"fuzz\"}"),
            new Target("GET", "/admin/api/service_accounts/{id}", List.of(), List.of()),
            new Target("DELETE", "/admin/api/service_accounts/{id}", List.of(), List.of()),
            new Target("GET", "/admin/api/teams", List.of("organization_id"), List.of()),
            new Target("GET", "/admin/api/plans", List.of("x"), List.of()),
            new Target("PUT", "/admin/api/organizations/{id}/plan", List.of(), List.of("plan"), "{\"plan\":\"pro\"}"),
            new Target("GET", "/admin/api/audit", List.of("organization_id", "action", "target_id", "actor_key_id",
                    "outcome", "page", "size"), List.of()));

    @BeforeAll
    void start() throws Exception {
        log.start();
        schema = ScratchSchema.postgres();
        sample = InProcessSample.on(schema.jdbcUrl(), schema.user());
        base = sample.uri("/");
        ApiClient api = new ApiClient(sample::uri);
        acmeAdmin = api.post("/admin/api/keys", sample.adminKey(), "{\"organization_id\":\"acme\","
                + "\"permissions\":[\"admin\"],\"owner\":{\"type\":\"user\",\"id\":\"fuzz\"}}").field("key");
        keyId = api.post("/admin/api/keys", acmeAdmin, "{}").field("id");
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (sample != null) {
                sample.close();
            }
        } finally {
            if (schema != null) {
                schema.close();
            }
            log.close();
        }
    }

    @Test
    void everyAdminEndpointAndParameterWhenFuzzedThenNeverAServerErrorNorAStackTrace() {
        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Target target : TARGETS) {
            for (int round = 0; round < ROUNDS_PER_TARGET; round++) {
                String key = random.nextInt(3) == 0 ? acmeAdmin : sample.adminKey();
                String path = target.path().replace("{id}", round % 4 == 0 ? keyId : pathValue(random));
                StringBuilder query = new StringBuilder();
                if (!target.params().isEmpty()) {
                    // one parameter fuzzed, so that it is not refused for another parameter's sake
                    String param = target.params().get(random.nextInt(target.params().size()));
                    query.append('?').append(param).append('=').append(queryValue(random));
                }
                byte[] body = target.bodyFields().isEmpty() && !target.method().equals("POST") ? null
                        : body(random, target);
                RawHttp.Answer answer = RawHttp.send(base, target.method(), path + query, key, body);
                requests++;
                statuses.merge(answer.status(), 1, Integer::sum);
                if (answer.status() >= 500) {
                    failures.add(target.method() + " " + path + query + " -> " + answer.status() + " " + answer.body());
                }
            }
        }

        assertThat(failures).as("server errors among %d requests (statuses %s)", requests, statuses).isEmpty();
        assertThat(statuses.keySet()).as("statuses").allMatch(s -> s < 500);
        assertThat(statuses).containsKeys(200, 400, 404);
        assertThat(log.text()).as("server log").doesNotContain("\tat ").doesNotContain("SEVERE")
                .doesNotContain("Exception");
    }

    // ---- generators ----

    private static final String[] NASTY = {
        "%00", "a%00b", "%zz", "%ff%fe", "%", "%e2%82", "%ed%a0%80", "%f0%9f%98%80", "%c3%28", "99999999999999999999",
        "-1", "0", "2147483648", "-9223372036854775809", "1e9", "NaN", "", "%20", "+", "'%20OR%201=1--",
        "sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg7", "%7B%7D", "..%2F..%2Fetc", "active", "live", "acme", "platform",
        "key.create", "success", "service_account", "team_ops"};

    private static String queryValue(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> NASTY[random.nextInt(NASTY.length)];
            case 1 -> randomEscapes(random, 1 + random.nextInt(40));
            case 2 -> "x".repeat(random.nextInt(600));
            default -> Integer.toString(random.nextInt(Integer.MAX_VALUE) - random.nextInt(Integer.MAX_VALUE));
        };
    }

    private static String pathValue(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "key_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            case 1 -> "sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg7";
            case 2 -> "a".repeat(1 + random.nextInt(80));
            default -> "sa_" + random.nextInt(1000);
        };
    }

    /** {@code %xx} escapes of random bytes: mostly malformed UTF-8. */
    private static String randomEscapes(Random random, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(String.format("%%%02x", random.nextInt(256)));
        }
        return out.toString();
    }

    private static final String[] JSON_VALUES = {
        "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udfff x\"", "\"\\ud83d\\ude00\"", "null", "true",
        "123456789012345678901234567890", "-1", "0", "1.5", "1e400", "[]", "{}", "[\"read\",\"root\"]",
        "{\"limit\":99999999999999999999,\"window_seconds\":-5}", "{\"type\":\"service_account\",\"id\":\"\\u0000\"}",
        "\"+292278994-08-17T07:12:55.808Z\"", "\"-999999999-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.999Z\"",
        "\"sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg7\"", "\"acme\"", "\"test\"", "\"starter\"", "\"team_ops\""};

    /** The target's valid body with one field set to a nasty value; now and then random bytes instead. */
    private static byte[] body(Random random, Target target) {
        if (random.nextInt(10) == 0 || target.bodyFields().isEmpty()) {
            byte[] garbage = new byte[random.nextInt(200)];
            random.nextBytes(garbage);
            return garbage;
        }
        String field = target.bodyFields().get(random.nextInt(target.bodyFields().size()));
        String value = random.nextInt(4) == 0 ? "\"" + "y".repeat(random.nextInt(300)) + "\""
                : JSON_VALUES[random.nextInt(JSON_VALUES.length)];
        String valid = target.validBody();
        // drop the field from the valid body, then add it with the fuzzed value
        String without = valid.replaceAll("\"" + field + "\":(\\[[^\\]]*\\]|\"[^\"]*\"|[^,}]*),?", "")
                .replace(",}", "}");
        String json = without.equals("{}") ? "{\"" + field + "\":" + value + "}"
                : without.substring(0, without.length() - 1) + ",\"" + field + "\":" + value + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
