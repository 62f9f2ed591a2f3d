package io.keygate.redis.testing;

import io.keygate.testing.Services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A Sentinel setup of the test's own: one master, one replica and three sentinels (quorum 2, down after 1 s) on free
 * loopback ports. {@link #killMaster()} kills the master; the sentinels promote the replica.
 */
public final class RedisSentinels extends RedisProcesses {

    public static final String MASTER_NAME = "keygate-master";

    private final List<Integer> dataPorts = new ArrayList<>();
    private final java.util.Map<Integer, Process> data = new java.util.HashMap<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();

    private RedisSentinels() {
        super("sentinel");
    }

    public static RedisSentinels start() {
        RedisSentinels s = new RedisSentinels();
        try {
            int master = freePort();
            int replica = freePort();
            s.dataPorts.addAll(List.of(master, replica));
            s.data.put(master, s.server("master.log", data(master, s)));
            List<String> replicaArgs = new ArrayList<>(data(replica, s));
            replicaArgs.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(master)));
            s.data.put(replica, s.server("replica.log", replicaArgs));
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "up".equals(
                    infoField(cli(replica, "INFO", "replication"), "master_link_status")));
            for (int i = 0; i < 3; i++) {
                int port = freePort();
                s.sentinelPorts.add(port);
                String conf = "port " + port + "\nbind 127.0.0.1\ndir " + s.dir + "\n"
                        + "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master + " 2\n"
                        + "sentinel down-after-milliseconds " + MASTER_NAME + " 1000\n"
                        + "sentinel failover-timeout " + MASTER_NAME + " 10000\n"
                        + "sentinel parallel-syncs " + MASTER_NAME + " 1\n";
                try {
                    Files.writeString(s.dir.resolve("sentinel-" + port + ".conf"), conf);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                s.server("sentinel-" + port + ".log", List.of(s.dir.resolve("sentinel-" + port + ".conf").toString(),
                        "--sentinel"));
            }
            for (int port : s.sentinelPorts) {
                await().atMost(Duration.ofSeconds(10)).until(() -> Services.reachable("127.0.0.1", port));
            }
            // every sentinel knows the replica and the two other sentinels: a failover can be agreed on
            await("sentinels ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> s.sentinelPorts.stream().allMatch(p -> {
                        String master0 = cli(p, "SENTINEL", "MASTER", MASTER_NAME);
                        return master0.contains("num-slaves\n1") && master0.contains("num-other-sentinels\n2");
                    }));
            return s;
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    private static List<String> data(int port, RedisSentinels s) {
        return List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--dir", s.dir.toString());
    }

    /** {@code redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3/0#keygate-master}. */
    public String url() {
        return "redis-sentinel://" + sentinelPorts.stream().map(p -> "127.0.0.1:" + p)
                .collect(Collectors.joining(",")) + "/0#" + MASTER_NAME;
    }

    /** The master's port as the sentinels report it. */
    public int master() {
        String[] addr = cli(sentinelPorts.get(0), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME)
                .trim().split("\r?\n");
        return Integer.parseInt(addr[1].trim());
    }

    /**
     * Kills the master (SIGKILL) and waits until the sentinels agree it is down and have promoted the replica, which
     * then takes writes. Returns how long that took.
     */
    public Duration killMaster() {
        int before = master();
        int after = dataPorts.get(0) == before ? dataPorts.get(1) : dataPorts.get(0);
        long start = System.nanoTime();
        kill(data.get(before));
        await("failover to " + after).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> sentinelPorts.stream().allMatch(p -> {
                    String[] addr = cli(p, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).trim()
                            .split("\r?\n");
                    return Integer.parseInt(addr[1].trim()) == after;
                }) && "master".equals(infoField(cli(after, "INFO", "replication"), "role")));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    public List<Integer> dataPorts() {
        return List.copyOf(dataPorts);
    }
}
