package io.keygate.redis.testing;

import io.keygate.testing.Services;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster of the test's own: three masters and three replicas on free loopback ports, made with
 * {@code redis-cli --cluster create ... --cluster-replicas 1}, node timeout 1 s (a killed master is replaced by its
 * replica within a few seconds), {@code cluster-require-full-coverage no} (the other shards keep serving meanwhile). {@link #close()} kills every node.
 */
public final class RedisCluster extends RedisProcesses {

    /** {@code cluster-node-timeout}: how long until a silent master counts as failed. */
    public static final Duration NODE_TIMEOUT = Duration.ofMillis(1000);

    private final Map<Integer, Process> nodes = new LinkedHashMap<>();

    private RedisCluster() {
        super("cluster");
    }

    /** Starts six nodes, creates the cluster and waits (bounded) until it serves every slot with synced replicas. */
    public static RedisCluster start() {
        RedisCluster c = new RedisCluster();
        try {
            for (int i = 0; i < 6; i++) {
                int port = freePort();
                c.nodes.put(port, c.server("node-" + port + ".log", List.of("--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes-" + port + ".conf",
                        "--cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()),
                        "--cluster-replica-validity-factor", "0",
                        // the healthy shards keep serving while one is failed over (see the module README)
                        "--cluster-require-full-coverage", "no",
                        "--save", "", "--appendonly", "no", "--daemonize", "no",
                        "--dir", c.dir.toString())));
            }
            for (int port : c.nodes.keySet()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> Services.reachable("127.0.0.1", port));
            }
            List<String> create = new ArrayList<>(List.of(binary("redis-cli"), "--cluster", "create"));
            c.nodes.keySet().forEach(p -> create.add("127.0.0.1:" + p));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            String out = run(create);
            if (!out.contains("All 16384 slots covered")) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
            }
            c.awaitHealthy();
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    /** {@code redis-cluster://127.0.0.1:p1,...} with every node as a seed. */
    public String url() {
        return "redis-cluster://" + nodes.keySet().stream().map(p -> "127.0.0.1:" + p)
                .collect(Collectors.joining(","));
    }

    /** Ports of the nodes that are running. */
    public List<Integer> alivePorts() {
        return nodes.entrySet().stream().filter(e -> e.getValue().isAlive()).map(Map.Entry::getKey).toList();
    }

    /** The hash slot of a key (computed by the cluster). */
    public int slot(String key) {
        return Integer.parseInt(cli(anyAlive(), "CLUSTER", "KEYSLOT", key).trim());
    }

    /** The port of the master serving {@code slot} now. */
    public int masterOf(int slot) {
        for (String[] range : slots(anyAlive())) {
            if (Integer.parseInt(range[0]) <= slot && slot <= Integer.parseInt(range[1])) {
                return Integer.parseInt(range[2]);
            }
        }
        throw new IllegalStateException("slot " + slot + " is not served");
    }

    /** Ports of the masters serving slots now. */
    public List<Integer> masters() {
        return slots(anyAlive()).stream().map(r -> Integer.parseInt(r[2])).distinct().sorted().toList();
    }

    /** Ports of the masters serving slots whose replica is running (so that killing them leads to a failover). */
    public List<Integer> mastersWithLiveReplica() {
        String nodes = cli(alivePorts().get(0), "CLUSTER", "NODES");
        Map<String, Integer> masterPortById = new LinkedHashMap<>();
        List<String> replicaOf = new ArrayList<>();
        for (String line : nodes.split("\\r?\\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8 || f[2].contains("fail")) {
                continue;
            }
            int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
            if (f[2].contains("master") && f.length > 8) {
                masterPortById.put(f[0], port);
            } else if (f[2].contains("slave") && alivePorts().contains(port)) {
                replicaOf.add(f[3]);
            }
        }
        return masterPortById.entrySet().stream().filter(e -> replicaOf.contains(e.getKey()))
                .map(Map.Entry::getValue).sorted().toList();
    }

    /** Kills a node with SIGKILL (connections drop at once; its replica takes over after the node timeout). */
    public void kill(int port) {
        kill(nodes.get(port));
    }

    /**
     * Waits until every slot is served by a running master and every running node says the cluster is ok, and
     * returns how long that took.
     */
    public Duration awaitHealthy() {
        long start = System.nanoTime();
        await("a healthy cluster").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(this::healthy);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private boolean healthy() {
        List<Integer> alive = alivePorts();
        for (int port : alive) {
            String info = cli(port, "CLUSTER", "INFO");
            if (!"ok".equals(infoField(info, "cluster_state"))) {
                return false;
            }
        }
        int covered = 0;
        for (String[] r : slots(alive.get(0))) {
            if (!alive.contains(Integer.parseInt(r[2]))) {
                return false;
            }
            covered += Integer.parseInt(r[1]) - Integer.parseInt(r[0]) + 1;
        }
        if (covered != 16384) {
            return false;
        }
        // replicas synced, so that killing a master loses nothing already acknowledged long ago
        for (int port : alive) {
            String replication = cli(port, "INFO", "replication");
            if ("slave".equals(infoField(replication, "role"))
                    && !"up".equals(infoField(replication, "master_link_status"))) {
                return false;
            }
        }
        return true;
    }

    private int anyAlive() {
        return alivePorts().get(0);
    }

    /** {@code [start, end, master port]} per slot range, from {@code CLUSTER NODES} as {@code port} sees it. */
    private static List<String[]> slots(int port) {
        List<String[]> out = new ArrayList<>();
        for (String line : cli(port, "CLUSTER", "NODES").split("\r?\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            String nodePort = f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@'));
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue;
                }
                String[] range = f[i].split("-");
                out.add(new String[]{range[0], range.length > 1 ? range[1] : range[0], nodePort});
            }
        }
        return out;
    }
}
