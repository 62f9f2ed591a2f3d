package io.keygate.bench.load;

import io.keygate.bench.Args;
import io.keygate.bench.report.ResultLog;
import io.keygate.http.AuthSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP load run: one {@link BenchServer}, its three routes loaded from a separate process (wrk, or
 * {@link HttpLoadClient} in its own JVM) in alternating rounds, so that drift of the machine (other processes,
 * JIT, GC) hits every variant alike. Records per-round numbers (section {@code http-rounds}) and the summary
 * (section {@code http}): mean requests/s, median p50/p99 over rounds, and the throughput ratios.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.keygate.bench.load.LoadRun --rounds 3 --seconds 10 --warmup-seconds 5 \
 *      --connections 32 --wrk-threads 1 --client auto [--variants no-filter,keygate,hand-rolled,hand-rolled-pg]
 *      [--pg-url jdbc:postgresql://127.0.0.1:5432/test --pg-user postgres]
 * </pre>
 * With {@code --pg-url}, a fourth route runs the hand-rolled filter against PostgreSQL.
 */
public final class LoadRun {

    private record Variant(String name, String path, boolean withKey) {
    }

    private LoadRun() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int rounds = args.integer("rounds", 3);
        int seconds = args.integer("seconds", 10);
        int warmup = args.integer("warmup-seconds", 5);
        int connections = args.integer("connections", 32);
        int wrkThreads = args.integer("wrk-threads", 1);
        LoadTool tool = LoadTool.choose(args.text("client", "auto"));
        String pgUrl = args.text("pg-url", null);
        // headers-only (a control: keygate's three response headers, no authentication) runs only when asked for
        List<String> only = List.of(args.text("variants", "no-filter,keygate,hand-rolled,hand-rolled-pg").split(","));
        List<Variant> variants = List.of(new Variant("no-filter", BenchServer.PLAIN, false),
                        new Variant("keygate", BenchServer.KEYGATE, true),
                        new Variant("hand-rolled", BenchServer.HAND_ROLLED, true),
                        new Variant("hand-rolled-pg", BenchServer.HAND_ROLLED_PG, true),
                        new Variant("headers-only", BenchServer.HEADERS_ONLY, false)).stream()
                .filter(v -> only.contains(v.name()) && (pgUrl != null || !v.name().equals("hand-rolled-pg")))
                .toList();

        try (BenchServer server = new BenchServer(AuthSettings.defaults(), args.integer("keys", 10_000), pgUrl,
                args.text("pg-user", "postgres"))) {
            System.out.println("load run: " + tool.name() + ", " + connections + " connections, " + rounds
                    + " rounds x " + seconds + " s per variant, warm-up " + warmup + " s per variant, port "
                    + server.port());
            for (Variant v : variants) {
                LoadResult r = tool.run(server.port(), v.path(), v.withKey() ? server.validKey() : null, connections,
                        wrkThreads, warmup);
                System.out.printf("warm-up %-11s %10.0f req/s%n", v.name(), r.rps());
            }
            server.keygateStore().reset();
            Map<String, List<LoadResult>> byVariant = new LinkedHashMap<>();
            variants.forEach(v -> byVariant.put(v.name(), new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < variants.size(); i++) {
                    // rotate the order every round: no variant always runs first (or right after the slow one)
                    Variant v = variants.get((i + round) % variants.size());
                    LoadResult r = tool.run(server.port(), v.path(), v.withKey() ? server.validKey() : null,
                            connections, wrkThreads, seconds);
                    byVariant.get(v.name()).add(r);
                    System.out.printf("round %d %-11s %10.0f req/s  p50 %8.1f us  p99 %8.1f us  non-2xx %d  errors %d%n",
                            round + 1, v.name(), r.rps(), r.p50us(), r.p99us(), r.non2xx(), r.errors());
                    String prefix = v.name() + ".round" + (round + 1);
                    ResultLog.record("http-rounds", prefix + ".rps", r.rps(), "req/s", "");
                    ResultLog.record("http-rounds", prefix + ".p50", r.p50us(), "us", "");
                    ResultLog.record("http-rounds", prefix + ".p99", r.p99us(), "us", "");
                }
            }
            summarize(byVariant, rounds, server.keygateStore().lookups(), tool.name(), connections, seconds);
        }
    }

    private static void summarize(Map<String, List<LoadResult>> byVariant, int rounds, long keygateLookups,
                                  String tool, int connections, int seconds) {
        String how = tool + ", " + connections + " connections, " + rounds + " x " + seconds + " s";
        Map<String, Double> meanRps = new LinkedHashMap<>();
        byVariant.forEach((name, results) -> {
            double rps = results.stream().mapToDouble(LoadResult::rps).average().orElse(0);
            meanRps.put(name, rps);
            ResultLog.record("http", name + ".rps", rps, "req/s", "mean of " + rounds + " rounds; " + how);
            ResultLog.record("http", name + ".p50", median(results.stream().mapToDouble(LoadResult::p50us).toArray()),
                    "us", "median of rounds");
            ResultLog.record("http", name + ".p99", median(results.stream().mapToDouble(LoadResult::p99us).toArray()),
                    "us", "median of rounds");
            ResultLog.record("http", name + ".non2xx", results.stream().mapToLong(LoadResult::non2xx).sum(),
                    "responses", "must be 0 for no-filter and keygate (valid key, limits never reached)");
            ResultLog.record("http", name + ".errors", results.stream().mapToLong(LoadResult::errors).sum(),
                    "socket errors", "");
        });
        if (!byVariant.containsKey("keygate") || !byVariant.containsKey("no-filter")) {
            return; // a partial run (--variants) has no ratios
        }
        if (byVariant.containsKey("headers-only")) {
            ResultLog.record("http", "ratio.headers-only/no-filter",
                    meanRps.get("headers-only") / meanRps.get("no-filter"), "x",
                    "control: keygate's three response headers without any authentication");
            ResultLog.record("http", "ratio.keygate/headers-only",
                    meanRps.get("keygate") / meanRps.get("headers-only"), "x", "keygate's own work beyond the headers");
        }
        ResultLog.record("http", "ratio.keygate/no-filter", meanRps.get("keygate") / meanRps.get("no-filter"), "x",
                "target >= 0.97");
        if (!byVariant.containsKey("hand-rolled")) {
            return;
        }
        ResultLog.record("http", "ratio.keygate/hand-rolled", meanRps.get("keygate") / meanRps.get("hand-rolled"),
                "x", "target >= 10");
        if (meanRps.containsKey("hand-rolled-pg")) {
            ResultLog.record("http", "ratio.keygate/hand-rolled-pg",
                    meanRps.get("keygate") / meanRps.get("hand-rolled-pg"), "x",
                    "the hand-rolled filter on PostgreSQL over loopback instead of in-process H2");
        }
        ResultLog.record("http", "ratio.no-filter/hand-rolled", meanRps.get("no-filter") / meanRps.get("hand-rolled"),
                "x", "the ceiling of keygate/hand-rolled: no filter at all");
        double[] perRound = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            perRound[r] = byVariant.get("keygate").get(r).rps() / byVariant.get("no-filter").get(r).rps();
        }
        ResultLog.record("http", "ratio.keygate/no-filter.min-round", Arrays.stream(perRound).min().orElse(0), "x",
                "worst single round");
        ResultLog.record("http", "ratio.keygate/no-filter.max-round", Arrays.stream(perRound).max().orElse(0), "x",
                "best single round");
        ResultLog.record("http", "keygate.store-lookups", keygateLookups, "lookups",
                "during the measured rounds (cache ttl 60 s: one reload per minute is expected)");
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
