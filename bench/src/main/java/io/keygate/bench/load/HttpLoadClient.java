package io.keygate.bench.load;

import io.keygate.bench.Fixtures;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The Java load generator, run in its own JVM (a separate process from the server): closed-loop keep-alive
 * connections, one thread each. Used for the flood run and, when {@code wrk} is not installed, for the HTTP run.
 *
 * <pre>
 * java -cp benchmarks.jar io.keygate.bench.load.HttpLoadClient --port 8080 --path /keygate/hello \
 *      --connections 16 (--seconds 10 | --requests 100000) --tokens valid|malformed|unknown|unknown-pool:1000 \
 *      [--bind 127.0.0.2] [--seed 1] [--companion-connections 4 --companion-bind 127.0.0.1 --companion-rate 500
 *      --companion-path /keygate/hello]
 * </pre>
 *
 * The valid key comes from the environment variable {@value #KEY_ENV} (never the command line, where {@code ps}
 * would show it). The companion group sends valid requests for as long as the main group runs, to measure what
 * valid traffic sees during a flood; it is paced ({@code --companion-rate} requests/s in all, 0 = as fast as it
 * can) and its latency counts from the moment each request was due, so a stalled server shows up as latency
 * instead of as fewer samples. {@code --connections 0 --seconds S} runs the companion alone (the baseline). Each
 * group prints one line:
 * {@code LOADRESULT group=main requests=.. seconds=.. rps=.. p50_us=.. p90_us=.. p99_us=.. max_us=.. s2xx=..
 * s401=.. s429=.. sother=.. errors=..}.
 */
public final class HttpLoadClient {

    public static final String KEY_ENV = "KEYGATE_BENCH_KEY";

    private HttpLoadClient() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int port = Integer.parseInt(require(o, "port"));
        String path = o.getOrDefault("path", BenchServer.KEYGATE);
        long requests = Long.parseLong(o.getOrDefault("requests", "0"));
        double seconds = Double.parseDouble(o.getOrDefault("seconds", "0"));
        if ((requests > 0) == (seconds > 0)) {
            throw new IllegalArgumentException("give exactly one of --requests N and --seconds S");
        }
        Random random = new Random(Long.parseLong(o.getOrDefault("seed", "1")));
        List<byte[]> tokens = tokens(o.getOrDefault("tokens", "valid"), requests, random, port, path);
        Group main = new Group("main", port, path, o.get("bind"), Integer.parseInt(o.getOrDefault("connections", "16")),
                tokens, requests, 0);
        int companionConnections = Integer.parseInt(o.getOrDefault("companion-connections", "0"));
        double companionRate = Double.parseDouble(o.getOrDefault("companion-rate", "0"));
        String companionPath = o.getOrDefault("companion-path", path);
        Group companion = companionConnections == 0 ? null
                : new Group("companion", port, companionPath, o.get("companion-bind"), companionConnections,
                List.of(request(port, companionPath, validKey())), 0, companionRate / companionConnections);

        if (companion != null) {
            companion.start();
        }
        main.start();
        if (seconds > 0) {
            Thread.sleep((long) (seconds * 1000));
            main.stop();
        }
        main.join();
        if (companion != null) {
            companion.stop();
            companion.join();
        }
        main.print();
        if (companion != null) {
            companion.print();
        }
    }

    private static List<byte[]> tokens(String kind, long requests, Random random, int port, String path) {
        if (kind.equals("valid")) {
            return List.of(request(port, path, validKey()));
        }
        if (requests <= 0) {
            throw new IllegalArgumentException("--tokens " + kind + " needs --requests N");
        }
        int distinct;
        boolean wellFormed;
        if (kind.equals("malformed")) {
            distinct = (int) requests;
            wellFormed = false;
        } else if (kind.equals("unknown")) {
            distinct = (int) requests;
            wellFormed = true;
        } else if (kind.startsWith("unknown-pool:")) {
            distinct = Integer.parseInt(kind.substring("unknown-pool:".length()));
            wellFormed = true;
        } else {
            throw new IllegalArgumentException("--tokens must be valid, malformed, unknown or unknown-pool:N");
        }
        List<byte[]> out = new ArrayList<>(distinct);
        for (int i = 0; i < distinct; i++) {
            out.add(request(port, path, wellFormed ? Fixtures.randomWellFormed(random) : Fixtures.randomMalformed(random)));
        }
        return out;
    }

    private static String validKey() {
        String key = System.getenv(KEY_ENV);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("the valid key must be in the environment variable " + KEY_ENV);
        }
        return key;
    }

    static byte[] request(int port, String path, String token) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("arguments are --name value pairs; '" + args[i] + "' is not");
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }

    private static String require(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    /** Connections sending the same kind of request; bounded by a request count or by {@link #stop()}. */
    private static final class Group {
        private final String name;
        private final List<byte[]> requests;
        private final long limit;
        private final AtomicLong claimed = new AtomicLong();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final LongAdder s2xx = new LongAdder();
        private final LongAdder s401 = new LongAdder();
        private final LongAdder s429 = new LongAdder();
        private final LongAdder other = new LongAdder();
        private final LongAdder errors = new LongAdder();
        private final List<LatencyRecorder> latencies = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private final long intervalNanos;
        private long startedNanos;
        private long endedNanos;

        Group(String name, int port, String path, String bind, int connections, List<byte[]> requests, long limit,
              double ratePerConnection) {
            this.name = name;
            this.requests = requests;
            this.limit = limit;
            this.intervalNanos = ratePerConnection > 0 ? (long) (1e9 / ratePerConnection) : 0;
            for (int c = 0; c < connections; c++) {
                LatencyRecorder recorder = new LatencyRecorder();
                latencies.add(recorder);
                HttpConnection connection = new HttpConnection("127.0.0.1", port, bind);
                threads.add(new Thread(() -> run(connection, recorder), "load-" + name + "-" + c));
            }
        }

        void start() {
            startedNanos = System.nanoTime();
            threads.forEach(Thread::start);
        }

        void stop() {
            stopped.set(true);
        }

        void join() throws InterruptedException {
            for (Thread t : threads) {
                t.join();
            }
            endedNanos = System.nanoTime();
        }

        private void run(HttpConnection connection, LatencyRecorder recorder) {
            long due = System.nanoTime() + ThreadLocalRandom.current().nextLong(Math.max(1, intervalNanos));
            try (connection) {
                while (!stopped.get()) {
                    long n = claimed.getAndIncrement();
                    if (limit > 0 && n >= limit) {
                        return;
                    }
                    byte[] request = requests.get((int) (n % requests.size()));
                    long t0;
                    if (intervalNanos > 0) {
                        // paced: wait for the due time, and count latency from it (not from when we got to send)
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        t0 = due;
                        due += intervalNanos;
                    } else {
                        t0 = System.nanoTime();
                    }
                    int status;
                    try {
                        status = connection.exchange(request);
                    } catch (Exception e) {
                        errors.increment();
                        connection.close();
                        continue;
                    }
                    recorder.record(System.nanoTime() - t0);
                    if (status >= 200 && status < 300) {
                        s2xx.increment();
                    } else if (status == 401) {
                        s401.increment();
                    } else if (status == 429) {
                        s429.increment();
                    } else {
                        other.increment();
                    }
                }
            }
        }

        void print() {
            long[] sorted = LatencyRecorder.mergeSorted(latencies);
            double seconds = (endedNanos - startedNanos) / 1e9;
            System.out.println(String.format(Locale.ROOT,
                    "LOADRESULT group=%s requests=%d seconds=%.3f rps=%.1f p50_us=%.1f p90_us=%.1f p99_us=%.1f "
                            + "max_us=%.1f s2xx=%d s401=%d s429=%d sother=%d errors=%d",
                    name, sorted.length, seconds, sorted.length / seconds,
                    LatencyRecorder.percentile(sorted, 50) / 1e3, LatencyRecorder.percentile(sorted, 90) / 1e3,
                    LatencyRecorder.percentile(sorted, 99) / 1e3,
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e3,
                    s2xx.sum(), s401.sum(), s429.sum(), other.sum(), errors.sum()));
        }
    }
}
