package io.keygate.bench.load;

import java.util.HashMap;
import java.util.Map;

/**
 * What one load (wrk or {@link HttpLoadClient}) measured. Latencies in microseconds. {@code non2xx} counts every
 * response that was not 2xx ({@code s401 + s429 + other} for the Java client).
 */
public record LoadResult(String group, long requests, double seconds, double rps, double p50us, double p90us,
                         double p99us, long s2xx, long s401, long s429, long non2xx, long errors) {

    /** Parses a {@code LOADRESULT ...} line of {@link HttpLoadClient}. */
    public static LoadResult parseClientLine(String line) {
        Map<String, String> f = new HashMap<>();
        for (String part : line.substring(line.indexOf(' ') + 1).trim().split("\\s+")) {
            int eq = part.indexOf('=');
            f.put(part.substring(0, eq), part.substring(eq + 1));
        }
        long s401 = Long.parseLong(f.get("s401"));
        long s429 = Long.parseLong(f.get("s429"));
        long other = Long.parseLong(f.get("sother"));
        return new LoadResult(f.get("group"), Long.parseLong(f.get("requests")), Double.parseDouble(f.get("seconds")),
                Double.parseDouble(f.get("rps")), Double.parseDouble(f.get("p50_us")),
                Double.parseDouble(f.get("p90_us")), Double.parseDouble(f.get("p99_us")),
                Long.parseLong(f.get("s2xx")), s401, s429, s401 + s429 + other, Long.parseLong(f.get("errors")));
    }
}
