package io.keygate.bench.scale;

import com.zaxxer.hikari.HikariDataSource;
import io.keygate.bench.Args;
import io.keygate.bench.Fixtures;
import io.keygate.bench.report.ResultLog;
import io.keygate.jpa.JpaApiKeyStore;
import io.keygate.jpa.KeygateDataSources;
import io.keygate.jpa.KeygateMigrations;
import io.keygate.keys.KeyFormat;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;

/**
 * The scale run: {@value #DEFAULT_KEYS} keys in PostgreSQL, then uncached lookups through
 * {@link JpaApiKeyStore#findByHash} (random stored keys, and unknown hashes). Everything lives in its own schema
 * ({@value #SCHEMA}, created with keygate's own Flyway migrations through {@link KeygateMigrations}) that is dropped
 * at the end, also when the run fails. Rows are loaded with {@code COPY ... FROM STDIN}, shaped as
 * {@code ApiKeyService} writes them.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.keygate.bench.scale.ScaleRun --keys 1000000 --lookups 20000 \
 *      --url jdbc:postgresql://127.0.0.1:5432/test --user postgres
 * </pre>
 */
public final class ScaleRun {

    static final int DEFAULT_KEYS = 1_000_000;
    static final String SCHEMA = "keygate_bench";
    private static final String SECTION = "scale";

    private ScaleRun() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int keys = args.integer("keys", DEFAULT_KEYS);
        int lookups = args.integer("lookups", 20_000);
        String url = args.text("url", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = args.text("user", "postgres");
        String password = args.text("password", "");

        try (Connection admin = DriverManager.getConnection(url, user, password);
             Statement st = admin.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            st.execute("CREATE SCHEMA " + SCHEMA);
        }
        try {
            run(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA, user, password, keys, lookups);
        } finally {
            try (Connection admin = DriverManager.getConnection(url, user, password);
                 Statement st = admin.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
            System.out.println("scale run: schema " + SCHEMA + " dropped");
        }
    }

    private static void run(String url, String user, String password, int keys, int lookups) throws Exception {
        try (HikariDataSource pool = KeygateDataSources.pool(url, user, password)) {
            KeygateMigrations.migrate(pool);
            // every 50th key's hash is kept for the lookups (at most 20,000 of a million)
            int stride = Math.max(1, keys / 20_000);
            String[] sample = new String[(keys + stride - 1) / stride];
            long t0 = System.nanoTime();
            try (Connection c = pool.getConnection()) {
                long copied = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY apikey (id, key_hash, prefix, start4, end4, name, organization_id, owner_type, owner_id, "
                                + "environment, permissions, created_at) FROM STDIN WITH (FORMAT csv)",
                        new Rows(keys, stride, sample));
                if (copied != keys) {
                    throw new IllegalStateException("COPY wrote " + copied + " rows, expected " + keys);
                }
                try (Statement st = c.createStatement()) {
                    st.execute("ANALYZE apikey");
                }
            }
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("scale run: %d keys copied into %s.apikey in %.1f s%n", keys, SCHEMA, loadSeconds);
            ResultLog.record(SECTION, "keys", keys, "rows", "PostgreSQL, schema " + SCHEMA + ", COPY");
            ResultLog.record(SECTION, "load-seconds", loadSeconds, "s", "COPY incl. index maintenance + ANALYZE");

            try (JpaApiKeyStore store = JpaApiKeyStore.create(pool)) {
                Random random = new Random(11);
                // warm-up: JIT, EclipseLink's statement cache, the pool, PostgreSQL's buffers for the index
                for (int i = 0; i < Math.min(5_000, lookups); i++) {
                    found(store, sample[random.nextInt(sample.length)]);
                }
                long[] hit = new long[lookups];
                for (int i = 0; i < lookups; i++) {
                    String hash = sample[random.nextInt(sample.length)];
                    long s = System.nanoTime();
                    found(store, hash);
                    hit[i] = System.nanoTime() - s;
                }
                long[] miss = new long[Math.max(1, lookups / 4)];
                for (int i = 0; i < miss.length; i++) {
                    String hash = KeyFormat.sha256Hex(Fixtures.randomWellFormed(random));
                    long s = System.nanoTime();
                    if (store.findByHash(hash).isPresent()) {
                        throw new IllegalStateException("a random key was found");
                    }
                    miss[i] = System.nanoTime() - s;
                }
                report("lookup-found", hit, "random stored keys, one thread, JpaApiKeyStore.findByHash");
                report("lookup-unknown", miss, "unknown hashes");
            }
        }
    }

    private static void found(JpaApiKeyStore store, String hash) {
        if (store.findByHash(hash).isEmpty()) {
            throw new IllegalStateException("a stored key was not found");
        }
    }

    private static void report(String name, long[] nanos, String note) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e3;
        double p50 = sorted[(int) Math.ceil(0.50 * sorted.length) - 1] / 1e3;
        double p99 = sorted[(int) Math.ceil(0.99 * sorted.length) - 1] / 1e3;
        System.out.printf("scale run: %s p50 %.1f us p99 %.1f us mean %.1f us (%d lookups)%n", name, p50, p99, mean,
                sorted.length);
        ResultLog.record(SECTION, name + ".p50", p50, "us", sorted.length + " lookups; " + note);
        ResultLog.record(SECTION, name + ".p99", p99, "us", "");
        ResultLog.record(SECTION, name + ".mean", mean, "us", "");
    }

    /** The CSV rows for COPY, generated as they are read (a million rows never sit in memory). */
    private static final class Rows extends Reader {
        private final int keys;
        private final int stride;
        private final String[] sample;
        private final Random random = new Random(5);
        private final long createdAt = System.currentTimeMillis();
        private int next;
        private String pending = "";
        private int pendingAt;

        Rows(int keys, int stride, String[] sample) {
            this.keys = keys;
            this.stride = stride;
            this.sample = sample;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (pendingAt == pending.length()) {
                if (next == keys) {
                    return -1;
                }
                pending = row(next++);
                pendingAt = 0;
            }
            int n = Math.min(len, pending.length() - pendingAt);
            pending.getChars(pendingAt, pendingAt + n, buf, off);
            pendingAt += n;
            return n;
        }

        private String row(int i) {
            String prefix = KeyFormat.DEFAULT_LIVE_PREFIX;
            String body = Fixtures.randomBase62(random, KeyFormat.BODY_LENGTH);
            String key = KeyFormat.compose(prefix, body);
            String hash = KeyFormat.sha256Hex(key);
            if (i % stride == 0) {
                sample[i / stride] = hash;
            }
            return "key_bench" + i + "," + hash + "," + prefix + "," + body.substring(0, 4) + ","
                    + key.substring(key.length() - 4) + ",scale key " + i + ",org_" + (i % 1_000)
                    + ",service_account,svc_" + (i % 1_000) + ",live,\"read,write\"," + (createdAt - i) + "\n";
        }

        @Override
        public void close() {
        }
    }
}
