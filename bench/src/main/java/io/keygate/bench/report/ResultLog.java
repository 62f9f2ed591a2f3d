package io.keygate.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Where the runs leave their numbers for {@link Report}: one tab-separated line per measurement
 * ({@code section, metric, value, unit, note}) appended to {@code <dir>/<section>.tsv}. The directory is
 * {@code $KEYGATE_BENCH_RESULTS} (JMH's forked JVMs inherit the environment), default {@code bench/target/results}.
 */
public final class ResultLog {

    public static final String DIR_ENV = "KEYGATE_BENCH_RESULTS";

    private ResultLog() {
    }

    public static Path dir() {
        String env = System.getenv(DIR_ENV);
        return Path.of(env != null && !env.isBlank() ? env : "bench/target/results");
    }

    public static void record(String section, String metric, double value, String unit, String note) {
        String line = String.join("\t", section, metric, format(value), unit, note == null ? "" : note) + "\n";
        Path file = dir().resolve(section + ".tsv");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + file, e);
        }
        System.out.println("RESULT " + line.trim());
    }

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.1f" : "%.3f", value);
    }
}
