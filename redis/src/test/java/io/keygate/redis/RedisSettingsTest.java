package io.keygate.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisSettingsTest {

    @Test
    void fromParametersWhenOnlyUrlThenDefaultsApply() {
        RedisSettings s = RedisSettings.fromParameters(Map.of(RedisSettings.URL, "redis://127.0.0.1:6379/0"))
                .orElseThrow();

        assertThat(s.outagePolicy()).isEqualTo(OutagePolicy.LOCAL);
        assertThat(s.commandTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.retryInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.unavailableRetryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.keyPrefix()).isEqualTo("keygate:rl:");
        assertThat(s.channel()).isEqualTo("keygate:revocations");
        assertThat(s.fallbackMaxBuckets()).isEqualTo(100_000);
        assertThat(s.broadcast()).isTrue();
    }

    @Test
    void fromParametersWhenEveryParameterGivenThenEachIsUsed() {
        RedisSettings s = RedisSettings.fromParameters(Map.of(
                RedisSettings.URL, " rediss://:secret@redis.internal:6380/2 ",
                RedisSettings.OUTAGE_POLICY, "Closed",
                RedisSettings.COMMAND_TIMEOUT_MS, "150",
                RedisSettings.CONNECT_TIMEOUT_MS, "500",
                RedisSettings.RETRY_INTERVAL_MS, "250",
                RedisSettings.UNAVAILABLE_RETRY_AFTER_SECONDS, "7",
                RedisSettings.KEY_PREFIX, "app1:rl:",
                RedisSettings.CHANNEL, "app1:revocations",
                RedisSettings.FALLBACK_MAX_BUCKETS, "500",
                RedisSettings.BROADCAST, "false")).orElseThrow();

        assertThat(s).isEqualTo(RedisSettings.builder("rediss://:secret@redis.internal:6380/2")
                .outagePolicy(OutagePolicy.CLOSED).commandTimeout(Duration.ofMillis(150))
                .connectTimeout(Duration.ofMillis(500)).retryInterval(Duration.ofMillis(250))
                .unavailableRetryAfter(Duration.ofSeconds(7)).keyPrefix("app1:rl:").channel("app1:revocations")
                .fallbackMaxBuckets(500).broadcast(false).build());
    }

    @Test
    void fromParametersWhenUrlAbsentOrBlankThenRedisIsOff() {
        assertThat(RedisSettings.fromParameters(Map.of())).isEmpty();
        assertThat(RedisSettings.fromParameters(Map.of(RedisSettings.URL, "  ",
                RedisSettings.OUTAGE_POLICY, "open"))).isEmpty();
    }

    @Test
    void fromParametersWhenUnknownKeygateRedisNameThenFailsNamingIt() {
        assertThatThrownBy(() -> RedisSettings.fromParameters(Map.of(RedisSettings.URL, "redis://h:1",
                "keygate.redis.outage_policy", "open")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'keygate.redis.outage_policy' is not a known parameter")
                .hasMessageContaining(RedisSettings.OUTAGE_POLICY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "keygate.redis.url|http://127.0.0.1:6379|'http://127.0.0.1:6379' is wrong value for keygate.redis.url, because it must be redis://[[user]:password@]host[:port][/database] (rediss:// for TLS), redis-sentinel://",
            "keygate.redis.outage-policy|fail|'fail' is wrong value for keygate.redis.outage-policy, because it must be one of local, open, closed",
            "keygate.redis.command-timeout-ms|0|'0' is wrong value for keygate.redis.command-timeout-ms, because it must be a whole number of milliseconds from 1 to 60000",
            "keygate.redis.command-timeout-ms|2s|'2s' is wrong value for keygate.redis.command-timeout-ms, because it must be a whole number of milliseconds from 1 to 60000",
            "keygate.redis.connect-timeout-ms|60001|'60001' is wrong value for keygate.redis.connect-timeout-ms, because it must be a whole number of milliseconds from 1 to 60000",
            "keygate.redis.retry-interval-ms|5|'5' is wrong value for keygate.redis.retry-interval-ms, because it must be a whole number of milliseconds from 10 to 600000",
            "keygate.redis.unavailable-retry-after-seconds|0|'0' is wrong value for keygate.redis.unavailable-retry-after-seconds, because it must be a whole number of seconds from 1 to 3600",
            "keygate.redis.key-prefix|app{1}:|'app{1}:' is wrong value for keygate.redis.key-prefix, because it may contain only printable ASCII without spaces and braces",
            "keygate.redis.channel|a b|'a b' is wrong value for keygate.redis.channel, because it may contain only printable ASCII without spaces and braces",
            "keygate.redis.fallback-max-buckets|-1|'-1' is wrong value for keygate.redis.fallback-max-buckets, because it must be a whole number of buckets from 1 up",
            "keygate.redis.broadcast|yes|'yes' is wrong value for keygate.redis.broadcast, because it must be true or false",
            "keygate.redis.topology-refresh-ms|500|'500' is wrong value for keygate.redis.topology-refresh-ms, because it must be a whole number of milliseconds from 1000 to 3600000",
            "keygate.redis.hot-key-batch|1|'1' is wrong value for keygate.redis.hot-key-batch, because it must be a whole number of requests from 2 to 10000",
            "keygate.redis.hot-key-idle-ms|5|'5' is wrong value for keygate.redis.hot-key-idle-ms, because it must be a whole number of milliseconds from 10 to 600000",
            "keygate.redis.hot-key-max-buckets|0|'0' is wrong value for keygate.redis.hot-key-max-buckets, because it must be a whole number of buckets from 1 up",
            "keygate.redis.url|redis-cluster://h1:7000,,h2:7001|'redis-cluster://h1:7000,,h2:7001' is wrong value for keygate.redis.url, because it must be redis://",
            "keygate.redis.url|redis-cluster://h1:7000/3|'redis-cluster://h1:7000/3' is wrong value for keygate.redis.url, because it must be redis://",
            "keygate.redis.url|redis-sentinel://h1:26379,h2:26379/0|'redis-sentinel://h1:26379,h2:26379/0' is wrong value for keygate.redis.url, because it must be redis://",
    })
    void fromParametersWhenValueIsBadThenMessageNamesParameterValueAndRule(String name, String value, String message) {
        Map<String, String> params = name.equals(RedisSettings.URL) ? Map.of(name, value)
                : Map.of(RedisSettings.URL, "redis://127.0.0.1:6379", name, value);

        assertThatThrownBy(() -> RedisSettings.fromParameters(params))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void builderWhenDurationOutOfRangeThenMessageNamesTheParameter() {
        assertThatThrownBy(() -> RedisSettings.builder("redis://h").commandTimeout(Duration.ofMinutes(2)).build())
                .hasMessage("'120000' is wrong value for keygate.redis.command-timeout-ms, because it must be from 1 "
                        + "to 60000 milliseconds");
        assertThatThrownBy(() -> RedisSettings.builder("redis://h").unavailableRetryAfter(Duration.ofMillis(1500))
                .build()).hasMessageContaining(RedisSettings.UNAVAILABLE_RETRY_AFTER_SECONDS);
        assertThatThrownBy(() -> RedisSettings.builder(null).build())
                .hasMessageContaining("is wrong value for keygate.redis.url, because it is required");
    }

    @Test
    void urlWithPasswordWhenInvalidOrDescribedThenPasswordNeverAppears() {
        RedisSettings s = RedisSettings.builder("redis://user:hunter2@127.0.0.1:6379/0").build();

        assertThat(s.describe().toString()).doesNotContain("hunter2").contains("redis://***@127.0.0.1:6379/0");
        assertThat(s.toString()).doesNotContain("hunter2");
        assertThatThrownBy(() -> RedisSettings.builder("redis://user:hunter2@127.0.0.1:notaport").build())
                .hasMessageNotContaining("hunter2").hasMessageContaining(RedisSettings.URL);
    }

    @Test
    void urlWhenClusterOrSentinelThenParsedIntoTheirNodes() {
        RedisEndpoint cluster = RedisSettings.builder("redis-cluster://:pw@10.0.0.1:7000,10.0.0.2:7001,[::1]:7002")
                .build().endpoint();
        RedisEndpoint tls = RedisSettings.builder("rediss-cluster://10.0.0.1:7000/0").build().endpoint();
        RedisEndpoint sentinel = RedisSettings.builder("redis-sentinel://10.0.0.1:26379,10.0.0.2:26380/2#main")
                .build().endpoint();
        RedisEndpoint single = RedisSettings.builder("rediss://10.0.0.1:6380/1").build().endpoint();

        assertThat(cluster.kind()).isEqualTo(RedisEndpoint.Kind.CLUSTER);
        assertThat(cluster.nodes()).extracting(u -> u.getHost() + ":" + u.getPort())
                .containsExactly("10.0.0.1:7000", "10.0.0.2:7001", "[::1]:7002");
        assertThat(cluster.nodes()).allSatisfy(u -> assertThat(u.getCredentialsProvider().resolveCredentials()
                .block().getPassword()).isEqualTo("pw".toCharArray()));
        assertThat(tls.nodes()).singleElement().satisfies(u -> assertThat(u.isSsl()).isTrue());
        assertThat(sentinel.kind()).isEqualTo(RedisEndpoint.Kind.SENTINEL);
        assertThat(sentinel.nodes().get(0).getSentinelMasterId()).isEqualTo("main");
        assertThat(sentinel.nodes().get(0).getSentinels()).hasSize(2);
        assertThat(sentinel.nodes().get(0).getDatabase()).isEqualTo(2);
        assertThat(single.kind()).isEqualTo(RedisEndpoint.Kind.STANDALONE);
        assertThat(single.nodes().get(0).isSsl()).isTrue();
    }

    @Test
    void urlWhenClusterWithPasswordIsInvalidOrDescribedThenPasswordNeverAppears() {
        RedisSettings s = RedisSettings.builder("redis-cluster://app:hunter3@10.0.0.1:7000,10.0.0.2:7001").build();

        assertThat(s.describe().toString()).doesNotContain("hunter3")
                .contains("redis-cluster://***@10.0.0.1:7000,10.0.0.2:7001");
        assertThatThrownBy(() -> RedisSettings.builder("redis-cluster://app:hunter3@10.0.0.1:x,10.0.0.2:7001")
                .build()).hasMessageNotContaining("hunter3").hasMessageContaining(RedisSettings.URL)
                .hasMessageContaining("redis-cluster://[[user]:password@]h1:p1,h2:p2");
    }

    @Test
    void fromParametersWhenHotKeyParametersGivenThenUsed() {
        RedisSettings s = RedisSettings.fromParameters(Map.of(RedisSettings.URL, "redis://h:1",
                RedisSettings.HOT_KEY_PLANS, "starter,business", RedisSettings.HOT_KEY_BATCH, "25",
                RedisSettings.HOT_KEY_IDLE_MS, "2000", RedisSettings.HOT_KEY_MAX_BUCKETS, "9",
                RedisSettings.TOPOLOGY_REFRESH_MS, "5000")).orElseThrow();

        assertThat(s.hotKeyPlans()).containsExactlyInAnyOrder("starter", "business");
        assertThat(s.hotKeyBatch()).isEqualTo(25);
        assertThat(s.hotKeyIdle()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.hotKeyMaxBuckets()).isEqualTo(9);
        assertThat(s.topologyRefresh()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> RedisSettings.builder("redis://h").hotKeyPlans(List.of(" starter")).build())
                .hasMessageStartingWith("' starter' is wrong value for keygate.redis.hot-key-plans");
    }

    @Test
    void environmentParametersWhenSystemPropertySetThenItIsRead() {
        System.setProperty(RedisSettings.OUTAGE_POLICY, "open");
        try {
            assertThat(RedisSettings.environmentParameters()).containsEntry(RedisSettings.OUTAGE_POLICY, "open");
        } finally {
            System.clearProperty(RedisSettings.OUTAGE_POLICY);
        }
    }

    @Test
    void environmentNameWhenParameterHasDotsAndDashesThenUnderscoresInUpperCase() {
        assertThat(RedisSettings.environmentName(RedisSettings.URL)).isEqualTo("KEYGATE_REDIS_URL");
        assertThat(RedisSettings.environmentName(RedisSettings.OUTAGE_POLICY))
                .isEqualTo("KEYGATE_REDIS_OUTAGE_POLICY");
    }
}
