package io.keygate.bench.load;

import io.keygate.bench.Args;
import io.keygate.bench.Fixtures;
import io.keygate.bench.report.ResultLog;
import io.keygate.http.AuthSettings;
import io.keygate.limit.Limit;

import java.util.List;

/**
 * The flood run: {@value #DEFAULT_REQUESTS} requests with random malformed keys, as many with random well-formed
 * unknown keys (all distinct), and as many drawn from a pool of 1,000 unknown keys, each flood from its own
 * loopback address (127.0.0.2/3/4) while a paced stream of valid requests comes from 127.0.0.1, and a control:
 * as many requests to the route without filter (127.0.0.5), so the valid stream's latency under a flood can be
 * compared with what the same traffic volume costs without keygate. Records, per
 * failed-auth setting (the default 30/60, and one so high that nobody is blocked): keygate's store lookups during
 * each flood, the flood's status counts, and the valid stream's p50/p99 with and without the flood.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.keygate.bench.load.FloodRun --requests 100000 --flood-connections 16 \
 *      --valid-connections 4 --valid-rate 500 --baseline-seconds 10
 * </pre>
 */
public final class FloodRun {

    static final int DEFAULT_REQUESTS = 100_000;

    private record Flood(String kind, String tokens, String bindAddress, String path) {
    }

    private FloodRun() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int requests = args.integer("requests", DEFAULT_REQUESTS);
        int floodConnections = args.integer("flood-connections", 16);
        int validConnections = args.integer("valid-connections", 4);
        int validRate = args.integer("valid-rate", 500);
        int baselineSeconds = args.integer("baseline-seconds", 10);
        List<Flood> floods = List.of(new Flood("malformed", "malformed", "127.0.0.2", BenchServer.KEYGATE),
                new Flood("unknown", "unknown", "127.0.0.3", BenchServer.KEYGATE),
                new Flood("unknown-pool-1000", "unknown-pool:1000", "127.0.0.4", BenchServer.KEYGATE),
                // the control: as many requests to the route without any filter, to tell what the traffic itself
                // does to the valid stream's latency on this machine from what keygate's handling of it does
                new Flood("control-no-filter-route", "malformed", "127.0.0.5", BenchServer.PLAIN));
        run("default-limit", new Limit(30, 60), floods, requests, floodConnections, validConnections, validRate,
                baselineSeconds);
        run("no-limit", Fixtures.NEVER_BLOCK, floods, requests, floodConnections, validConnections, validRate,
                baselineSeconds);
    }

    private static void run(String config, Limit failedAuthLimit, List<Flood> floods, int requests,
                            int floodConnections, int validConnections, int validRate, int baselineSeconds)
            throws Exception {
        AuthSettings settings = AuthSettings.builder().failedAuthLimit(failedAuthLimit).build();
        try (BenchServer server = new BenchServer(settings, 1_000)) {
            String port = String.valueOf(server.port());
            String key = server.validKey();
            String timeout = "600";
            // warm the server's JIT and keygate's cache with valid traffic, unpaced
            LoadTool.runJavaClient(key, 120, "--port", port, "--path", BenchServer.KEYGATE, "--connections", "8",
                    "--seconds", "5", "--tokens", "valid");
            LoadResult baseline = LoadTool.runJavaClient(key, 120, "--port", port, "--path", BenchServer.KEYGATE,
                    "--connections", "0", "--seconds", String.valueOf(baselineSeconds),
                    "--companion-connections", String.valueOf(validConnections), "--companion-bind", "127.0.0.1",
                    "--companion-rate", String.valueOf(validRate)).get(1);
            String section = "flood";
            String c = config + " (failed-auth-limit " + failedAuthLimit.limit() + "/" + failedAuthLimit.windowSeconds()
                    + "s)";
            System.out.printf("%s: valid alone p50 %.1f us p99 %.1f us (%d requests)%n", c, baseline.p50us(),
                    baseline.p99us(), baseline.requests());
            ResultLog.record(section, config + ".valid-alone.p50", baseline.p50us(), "us",
                    validRate + " req/s paced, " + validConnections + " connections; " + c);
            ResultLog.record(section, config + ".valid-alone.p99", baseline.p99us(), "us", "");
            for (Flood flood : floods) {
                long before = server.keygateStore().lookups();
                List<LoadResult> results = LoadTool.runJavaClient(key, Long.parseLong(timeout), "--port", port,
                        "--path", flood.path(), "--connections", String.valueOf(floodConnections),
                        "--requests", String.valueOf(requests), "--tokens", flood.tokens(), "--bind",
                        flood.bindAddress(), "--seed", String.valueOf(flood.kind().hashCode()),
                        "--companion-connections", String.valueOf(validConnections), "--companion-bind", "127.0.0.1",
                        "--companion-rate", String.valueOf(validRate), "--companion-path", BenchServer.KEYGATE);
                long lookups = server.keygateStore().lookups() - before;
                LoadResult f = results.get(0);
                LoadResult v = results.get(1);
                System.out.printf("%s: flood %-18s %7d requests %8.0f req/s  401 %7d  429 %7d  other %d  store "
                                + "lookups %d | valid alongside p50 %.1f us p99 %.1f us, non-2xx %d%n", c, flood.kind(),
                        f.requests(), f.rps(), f.s401(), f.s429(), f.non2xx() - f.s401() - f.s429(), lookups,
                        v.p50us(), v.p99us(), v.non2xx());
                String p = config + "." + flood.kind();
                ResultLog.record(section, p + ".store-lookups", lookups, "lookups", requests + " flood requests; "
                        + c);
                ResultLog.record(section, p + ".flood-rps", f.rps(), "req/s", floodConnections + " connections");
                ResultLog.record(section, p + ".flood-401", f.s401(), "responses", "");
                ResultLog.record(section, p + ".flood-429", f.s429(), "responses", "blocked by the failed-auth limit");
                ResultLog.record(section, p + ".flood-2xx", f.s2xx(), "responses",
                        "0 except for the control, whose route has no filter");
                ResultLog.record(section, p + ".flood-other", f.non2xx() - f.s401() - f.s429() + f.errors(),
                        "responses", "other statuses and socket errors: must be 0");
                ResultLog.record(section, p + ".valid-during.p50", v.p50us(), "us", "valid stream during the flood");
                ResultLog.record(section, p + ".valid-during.p99", v.p99us(), "us", "");
                ResultLog.record(section, p + ".valid-during.non2xx", v.non2xx() + v.errors(), "responses",
                        "must be 0");
            }
        }
    }
}
