package io.keygate.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the load generator as a separate process and parses what it reports: {@code wrk} when it is installed
 * (or forced), else {@link HttpLoadClient} in a fresh JVM. Both keep connections alive and run closed-loop.
 */
public final class LoadTool {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([0-9.]+)(us|ms|s|m)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private final boolean useWrk;

    private LoadTool(boolean useWrk) {
        this.useWrk = useWrk;
    }

    /** {@code "wrk"}, {@code "java"} or {@code "auto"} (wrk if on the PATH). */
    public static LoadTool choose(String client) {
        return switch (client) {
            case "wrk" -> new LoadTool(true);
            case "java" -> new LoadTool(false);
            case "auto" -> new LoadTool(wrkInstalled());
            default -> throw new IllegalArgumentException("'" + client + "' is wrong value for --client, because it "
                    + "must be wrk, java or auto");
        };
    }

    public static boolean wrkInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    public String name() {
        return useWrk ? "wrk" : "java HttpLoadClient";
    }

    /** Environment variable that hands wrk's script the keys to rotate (comma-separated plaintexts). */
    static final String KEYS_ENV = "KEYGATE_BENCH_KEYS";

    /**
     * wrk script for several keys: each request carries the next key of the list (each wrk thread goes through the
     * list on its own). The keys come from {@link #KEYS_ENV}, never from the command line or a file.
     */
    private static final String ROTATING_KEYS_SCRIPT = """
            local keys = {}
            for k in string.gmatch(os.getenv("KEYGATE_BENCH_KEYS"), "[^,]+") do
              keys[#keys + 1] = "Bearer " .. k
            end
            local i = 0
            request = function()
              i = i % #keys + 1
              wrk.headers["Authorization"] = keys[i]
              return wrk.format()
            end
            """;

    /**
     * Closed-loop load on one URL for {@code seconds} with a valid key (null: no Authorization header), or with
     * several keys in rotation when {@code validKey} is a comma-separated list (wrk only).
     */
    public LoadResult run(int port, String path, String validKey, int connections, int wrkThreads, int seconds)
            throws IOException, InterruptedException {
        boolean rotating = validKey != null && validKey.indexOf(',') >= 0;
        if (useWrk) {
            List<String> cmd = new ArrayList<>(List.of("wrk", "-t" + wrkThreads, "-c" + connections,
                    "-d" + seconds + "s", "--latency"));
            Path script = null;
            if (rotating) {
                script = Files.createTempFile("keygate-bench-keys", ".lua");
                Files.writeString(script, ROTATING_KEYS_SCRIPT, StandardCharsets.UTF_8);
                cmd.add("-s");
                cmd.add(script.toString());
            } else if (validKey != null) {
                cmd.add("-H");
                cmd.add("Authorization: Bearer " + validKey);
            }
            cmd.add("http://127.0.0.1:" + port + path);
            try {
                return parseWrk(exec(cmd, null, rotating ? validKey : null, seconds + 30));
            } finally {
                if (script != null) {
                    Files.deleteIfExists(script);
                }
            }
        }
        if (rotating) {
            throw new IllegalArgumentException("several keys in rotation need wrk (--client wrk)");
        }
        List<String> cmd = javaClient("--port", String.valueOf(port), "--path", path, "--connections",
                String.valueOf(connections), "--seconds", String.valueOf(seconds), "--tokens", "valid");
        return parseClient(exec(cmd, validKey, null, seconds + 60)).get(0);
    }

    /** Runs {@link HttpLoadClient} with the given arguments; returns its result lines (main, then companion). */
    public static List<LoadResult> runJavaClient(String validKey, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        return parseClient(exec(javaClient(args), validKey, null, timeoutSeconds));
    }

    private static List<String> javaClient(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                HttpLoadClient.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String exec(List<String> cmd, String validKey, String rotatingKeys, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (validKey != null) {
            pb.environment().put(HttpLoadClient.KEY_ENV, validKey);
        }
        if (rotatingKeys != null) {
            pb.environment().put(KEYS_ENV, rotatingKeys);
        }
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the process ended; what was read is what there is
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd.get(0) + " did not finish within " + timeoutSeconds + " s");
        }
        reader.join();
        String text;
        synchronized (out) {
            text = out.toString();
        }
        if (p.exitValue() != 0) {
            throw new IOException("load generator failed (exit " + p.exitValue() + "):\n" + text);
        }
        return text;
    }

    static LoadResult parseWrk(String out) throws IOException {
        Matcher rps = RPS.matcher(out);
        Matcher total = TOTAL.matcher(out);
        if (!rps.find() || !total.find()) {
            throw new IOException("cannot read wrk's output:\n" + out);
        }
        double p50 = 0;
        double p90 = 0;
        double p99 = 0;
        Matcher pm = PERCENTILE.matcher(out);
        while (pm.find()) {
            double us = micros(Double.parseDouble(pm.group(2)), pm.group(3));
            switch (pm.group(1)) {
                case "50" -> p50 = us;
                case "90" -> p90 = us;
                default -> p99 = us;
            }
        }
        long requests = Long.parseLong(total.group(1));
        double seconds = micros(Double.parseDouble(total.group(2)), total.group(3)) / 1e6;
        Matcher non2xx = NON_2XX.matcher(out);
        long bad = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        long errors = 0;
        Matcher se = SOCKET_ERRORS.matcher(out);
        if (se.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(se.group(g));
            }
        }
        return new LoadResult("wrk", requests, seconds, Double.parseDouble(rps.group(1)), p50, p90, p99,
                requests - bad, 0, 0, bad, errors);
    }

    private static double micros(double value, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> value;
            case "ms" -> value * 1e3;
            case "s" -> value * 1e6;
            case "m" -> value * 60e6;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }

    static List<LoadResult> parseClient(String out) throws IOException {
        List<LoadResult> results = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("LOADRESULT ")) {
                results.add(LoadResult.parseClientLine(line));
            }
        }
        if (results.isEmpty()) {
            throw new IOException("the load client reported nothing:\n" + out);
        }
        return results;
    }
}
