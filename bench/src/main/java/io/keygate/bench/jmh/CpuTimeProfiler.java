package io.keygate.bench.jmh;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JMH profiler ({@code -prof io.keygate.bench.jmh.CpuTimeProfiler}): CPU time per operation next to JMH's
 * wall-clock score, in ns/op:
 * <ul>
 *   <li>{@code cpu.time.norm}: CPU time of the benchmark's worker threads, the code under test alone;</li>
 *   <li>{@code cpu.process.norm}: CPU time of the whole forked JVM (also GC, JIT and JMH's own threads).</li>
 * </ul>
 * On a machine shared with other work the wall-clock average also counts the time a worker waited for a core; the
 * CPU time does not, so it is what to compare between runs there (it still rises somewhat with contention: caches
 * are colder after every switch).
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long processStart;
    private Map<Long, Long> workersStart = Map.of();

    @Override
    public String getDescription() {
        return "CPU time per operation: the benchmark's worker threads, and the whole JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        processStart = OS.getProcessCpuTime();
        workersStart = workerCpu();
    }

    @Override
    public List<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                 IterationResult result) {
        long process = OS.getProcessCpuTime() - processStart;
        long workers = 0;
        for (Map.Entry<Long, Long> e : workerCpu().entrySet()) {
            workers += e.getValue() - workersStart.getOrDefault(e.getKey(), 0L);
        }
        long ops = result.getMetadata().getAllOps();
        if (ops <= 0) {
            return List.of();
        }
        return List.of(new ScalarResult("cpu.time.norm", (double) workers / ops, "ns/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.process.norm", (double) process / ops, "ns/op", AggregationPolicy.AVG));
    }

    /** CPU time of each live JMH worker thread, by thread id. */
    private static Map<Long, Long> workerCpu() {
        Map<Long, Long> out = new HashMap<>();
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains("jmh-worker")) {
                long cpu = THREADS.getThreadCpuTime(t.getThreadId());
                if (cpu >= 0) {
                    out.put(t.getThreadId(), cpu);
                }
            }
        }
        return out;
    }
}
