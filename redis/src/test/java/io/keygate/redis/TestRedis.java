package io.keygate.redis;

import io.keygate.testing.Services;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A plain connection to the machine's Redis for assertions and clean-up. Each test works under its own key
 * prefix and removes only keys under it.
 */
final class TestRedis implements AutoCloseable {

    static final String URL = Services.REDIS_URL + "/0";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    final String prefix = "keygate:test:" + UUID.randomUUID() + ":";

    private TestRedis(String url) {
        client = RedisClient.create(url);
        client.setDefaultTimeout(Duration.ofSeconds(5));
        connection = client.connect();
    }

    /** Requires the machine's Redis (skips or fails like {@link Services}). */
    static TestRedis shared() {
        Services.requireRedis();
        return new TestRedis(URL);
    }

    static TestRedis at(String url) {
        return new TestRedis(url);
    }

    RedisCommands<String, String> commands() {
        return connection.sync();
    }

    List<String> keys() {
        List<String> out = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = commands().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            out.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return out;
    }

    @Override
    public void close() {
        try {
            List<String> keys = keys();
            if (!keys.isEmpty()) {
                commands().del(keys.toArray(String[]::new));
            }
        } finally {
            connection.close();
            client.shutdown();
        }
    }
}
