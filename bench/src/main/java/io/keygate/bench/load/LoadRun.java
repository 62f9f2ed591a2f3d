package io.keygate.bench.load;

import io.keygate.bench.Args;
import io.keygate.bench.report.ResultLog;
import io.keygate.http.AuthSettings;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP load run: one {@link BenchServer}, its routes loaded from a separate process (wrk, or
 * {@link HttpLoadClient} in its own JVM) in alternating rounds, so that drift of the machine (other processes,
 * JIT, GC) hits every variant alike. Records per-round numbers with the load average when the round started
 * (section {@code http-rounds}) and the summary (section {@code http}): requests/s (median and range over rounds),
 * median p50/p99, and the throughput ratios, each the median over rounds of the ratio within a round (the two
 * routes of a ratio ran minutes apart at most), with its worst and best round.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.keygate.bench.load.LoadRun --rounds 3 --seconds 10 --warmup-seconds 5 \
 *      --connections 32 --wrk-threads 2 --client auto \
 *      [--variants no-filter,keygate,control,hand-rolled,hand-rolled-pg,keygate-token,keygate-keys,control-keys]
 *      [--rotating-keys 1000]
 *      [--pg-url jdbc:postgresql://127.0.0.1:5432/test --pg-user postgres] [--jfr FILE.jfr]
 * </pre>
 * With {@code --pg-url}, the route of the hand-rolled filter against PostgreSQL runs too. With {@code --jfr}, the
 * server JVM records the measured rounds (not start-up, not warm-up) with JFR's {@code profile} settings, Java
 * samples every millisecond: CPU and allocation profiles of the server under load ({@code bench/tools/jfr-profile.py}
 * reads them). The variants {@code keygate-keys} and {@code control-keys} load keygate's and the control's routes with
 * {@code --rotating-keys} valid keys (wrk only), each request carrying the next: no key is hot, as in a service with
 * many clients.
 */
public final class LoadRun {

    private record Variant(String name, String path, boolean withKey, boolean rotating) {
        Variant(String name, String path, boolean withKey) {
            this(name, path, withKey, false);
        }

        /**
         * The credential to send: none, the valid key, (for the token route) a token exchanged for it, or (for the
         * routes loaded with many keys) {@code rotatingKeys} valid keys, one per request in turn.
         */
        String credential(BenchServer server, int rotatingKeys) {
            if (!withKey) {
                return null;
            }
            if (rotating) {
                return server.rotatingKeys(rotatingKeys);
            }
            return path.equals(BenchServer.KEYGATE_TOKEN) ? server.validToken() : server.validKey();
        }
    }

    /** A ratio of two variants' throughput and what it is for. */
    private record Ratio(String numerator, String denominator, String note) {
    }

    private static final List<Ratio> RATIOS = List.of(
            new Ratio("keygate", "control", "target >= 0.97: keygate's own work, the bytes being the same"),
            new Ratio("keygate", "no-filter", "keygate's work and its bigger responses"),
            new Ratio("control", "no-filter", "what the three response headers alone cost"),
            new Ratio("keygate-keys", "control-keys", "the same with many keys in rotation instead of one hot key"),
            new Ratio("keygate", "hand-rolled", "target >= 10"),
            new Ratio("keygate", "hand-rolled-pg", "the hand-rolled filter on PostgreSQL over loopback instead of H2"),
            new Ratio("no-filter", "hand-rolled", "the ceiling of keygate/hand-rolled: no filter at all"));

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private LoadRun() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int rounds = args.integer("rounds", 3);
        int seconds = args.integer("seconds", 10);
        int warmup = args.integer("warmup-seconds", 5);
        int connections = args.integer("connections", 32);
        int wrkThreads = args.integer("wrk-threads", 2);
        LoadTool tool = LoadTool.choose(args.text("client", "auto"));
        String pgUrl = args.text("pg-url", null);
        int rotatingKeys = args.integer("rotating-keys", BenchServer.MAX_ROTATING_KEYS);
        List<String> only = List.of(args.text("variants", "no-filter,keygate,control,hand-rolled,hand-rolled-pg")
                .split(","));
        List<Variant> variants = List.of(new Variant("no-filter", BenchServer.PLAIN, false),
                        new Variant("keygate", BenchServer.KEYGATE, true),
                        new Variant("keygate-token", BenchServer.KEYGATE_TOKEN, true),
                        new Variant("control", BenchServer.CONTROL, true),
                        new Variant("keygate-keys", BenchServer.KEYGATE, true, true),
                        new Variant("control-keys", BenchServer.CONTROL, true, true),
                        new Variant("hand-rolled", BenchServer.HAND_ROLLED, true),
                        new Variant("hand-rolled-pg", BenchServer.HAND_ROLLED_PG, true)).stream()
                .filter(v -> only.contains(v.name()) && (pgUrl != null || !v.name().equals("hand-rolled-pg")))
                .toList();

        try (BenchServer server = new BenchServer(AuthSettings.defaults(), args.integer("keys", 10_000), pgUrl,
                args.text("pg-user", "postgres"))) {
            String how = tool.name() + (tool.name().equals("wrk") ? " -t" + wrkThreads : "") + " -c" + connections
                    + ", " + rounds + " rounds x " + seconds + " s per variant";
            System.out.println("load run: " + how + ", warm-up " + warmup + " s per variant, port " + server.port());
            for (Variant v : variants) {
                LoadResult r = tool.run(server.port(), v.path(), v.credential(server, rotatingKeys), connections,
                        wrkThreads, warmup);
                System.out.printf("warm-up %-14s %10.0f req/s%n", v.name(), r.rps());
            }
            server.keygateStore().reset();
            String jfr = args.text("jfr", null);
            Recording recording = jfr == null ? null : startRecording(Path.of(jfr));
            Map<String, List<LoadResult>> byVariant = new LinkedHashMap<>();
            Map<String, List<Double>> cpuByVariant = new LinkedHashMap<>();
            variants.forEach(v -> byVariant.put(v.name(), new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < variants.size(); i++) {
                    // rotate the order every round: no variant always runs first (or right after the slow one)
                    Variant v = variants.get((i + round) % variants.size());
                    double load = loadAverage();
                    long cpuBefore = PROCESS.getProcessCpuTime();
                    LoadResult r = tool.run(server.port(), v.path(), v.credential(server, rotatingKeys),
                            connections, wrkThreads, seconds);
                    double cpuUs = (PROCESS.getProcessCpuTime() - cpuBefore) / 1e3 / Math.max(1, r.requests());
                    byVariant.get(v.name()).add(r);
                    cpuByVariant.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(cpuUs);
                    System.out.printf(Locale.ROOT, "round %d %-14s %10.0f req/s  p50 %8.1f us  p99 %8.1f us  "
                                    + "non-2xx %d  errors %d  server cpu %6.2f us/req  load %.2f%n", round + 1,
                            v.name(), r.rps(), r.p50us(), r.p99us(), r.non2xx(), r.errors(), cpuUs, load);
                    String prefix = v.name() + ".round" + (round + 1);
                    ResultLog.record("http-rounds", prefix + ".rps", r.rps(), "req/s", "");
                    ResultLog.record("http-rounds", prefix + ".p50", r.p50us(), "us", "");
                    ResultLog.record("http-rounds", prefix + ".p99", r.p99us(), "us", "");
                    ResultLog.record("http-rounds", prefix + ".cpu", cpuUs, "us/req",
                            "CPU time of the server process (all its threads, GC included) per request");
                    if (load >= 0) {
                        ResultLog.record("http-rounds", prefix + ".load", load, "",
                                "1-minute load average when the round started (2 cores)");
                    }
                }
            }
            if (recording != null) {
                recording.stop(); // writes the file
                recording.close();
                System.out.println("JFR recording of the measured rounds: " + jfr);
            }
            summarize(byVariant, cpuByVariant, server.keygateStore().lookups(), how);
        }
    }

    private static Recording startRecording(Path file) throws IOException, ParseException {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
        recording.setDestination(file.toAbsolutePath());
        recording.start();
        return recording;
    }

    private static void summarize(Map<String, List<LoadResult>> byVariant, Map<String, List<Double>> cpuByVariant,
                                  long keygateLookups, String how) {
        byVariant.forEach((name, results) -> {
            double[] cpu = cpuByVariant.get(name).stream().mapToDouble(Double::doubleValue).toArray();
            ResultLog.record("http", name + ".cpu", median(cpu), "us/req", "server CPU time per request, median of "
                    + "rounds (" + range(cpu, "%.2f") + ")");
            double[] rps = results.stream().mapToDouble(LoadResult::rps).toArray();
            ResultLog.record("http", name + ".rps", median(rps), "req/s", "median of rounds ("
                    + range(rps, "%.0f") + "); " + how);
            ResultLog.record("http", name + ".p50", median(results.stream().mapToDouble(LoadResult::p50us).toArray()),
                    "us", "median of rounds");
            ResultLog.record("http", name + ".p99", median(results.stream().mapToDouble(LoadResult::p99us).toArray()),
                    "us", "median of rounds");
            ResultLog.record("http", name + ".non2xx", results.stream().mapToLong(LoadResult::non2xx).sum(),
                    "responses", "must be 0 (valid key, limits never reached)");
            ResultLog.record("http", name + ".errors", results.stream().mapToLong(LoadResult::errors).sum(),
                    "socket errors", "");
        });
        for (Ratio ratio : RATIOS) {
            List<LoadResult> top = byVariant.get(ratio.numerator());
            List<LoadResult> bottom = byVariant.get(ratio.denominator());
            if (top == null || bottom == null) {
                continue; // a partial run (--variants)
            }
            double[] perRound = new double[top.size()];
            for (int r = 0; r < perRound.length; r++) {
                perRound[r] = top.get(r).rps() / bottom.get(r).rps();
            }
            String name = "ratio." + ratio.numerator() + "/" + ratio.denominator();
            ResultLog.record("http", name, median(perRound), "x", "median of per-round ratios ("
                    + range(perRound, "%.3f") + "); " + ratio.note());
            ResultLog.record("http", name + ".min-round", Arrays.stream(perRound).min().orElse(0), "x",
                    "worst single round");
            ResultLog.record("http", name + ".max-round", Arrays.stream(perRound).max().orElse(0), "x",
                    "best single round");
        }
        if (cpuByVariant.containsKey("keygate") && cpuByVariant.containsKey("control")) {
            List<Double> k = cpuByVariant.get("keygate");
            List<Double> c = cpuByVariant.get("control");
            double[] diff = new double[k.size()];
            for (int r = 0; r < diff.length; r++) {
                diff[r] = k.get(r) - c.get(r);
            }
            ResultLog.record("http", "cpu.keygate-control", median(diff), "us/req", "server CPU per request that "
                    + "keygate adds over the same-bytes control, median of per-round differences ("
                    + range(diff, "%.2f") + ")");
        }
        if (byVariant.containsKey("keygate")) {
            ResultLog.record("http", "keygate.store-lookups", keygateLookups, "lookups",
                    "during the measured rounds (cache ttl 60 s: one reload per minute is expected)");
        }
    }

    /** The 1-minute load average, or -1 where /proc/loadavg does not exist. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String range(double[] values, String format) {
        return "range " + String.format(Locale.ROOT, format, Arrays.stream(values).min().orElse(0)) + ".."
                + String.format(Locale.ROOT, format, Arrays.stream(values).max().orElse(0));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
