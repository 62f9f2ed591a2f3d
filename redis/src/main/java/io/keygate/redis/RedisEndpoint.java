package io.keygate.redis;

import io.lettuce.core.RedisURI;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the Redis backends connect, parsed from {@code keygate.redis.url}:
 *
 * <ul>
 *   <li>{@link Kind#STANDALONE}: {@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://} for
 *       TLS: one Redis (or one address that your platform fails over).</li>
 *   <li>{@link Kind#SENTINEL}: {@code redis-sentinel://[[user]:password@]h1:p1,h2:p2[/database]#<master>},
 *       {@code rediss-sentinel://} for TLS: Lettuce's own Sentinel URI, passed to it unchanged. The node asks the
 *       sentinels for the master at every (re)connection, so it follows a failover.</li>
 *   <li>{@link Kind#CLUSTER}: {@code redis-cluster://[[user]:password@]h1:p1,h2:p2,...[/0]},
 *       {@code rediss-cluster://} for TLS: a Redis Cluster seed list (any reachable nodes; the rest of the topology
 *       is discovered). The user information and TLS apply to every node. Redis Cluster has only database 0.</li>
 * </ul>
 *
 * @param kind  which client Lettuce needs
 * @param nodes the Lettuce URIs: one (standalone, Sentinel) or the seed nodes (cluster)
 */
record RedisEndpoint(Kind kind, List<RedisURI> nodes) {

    enum Kind { STANDALONE, SENTINEL, CLUSTER }

    static final String CLUSTER_SCHEME = "redis-cluster://";
    static final String CLUSTER_SCHEME_TLS = "rediss-cluster://";
    static final String SENTINEL_SCHEME = "redis-sentinel://";
    static final String SENTINEL_SCHEME_TLS = "rediss-sentinel://";

    /** The rule quoted by every URL validation message. */
    static final String RULE = "it must be redis://[[user]:password@]host[:port][/database] (rediss:// for TLS), "
            + "redis-sentinel://[[user]:password@]h1:p1,h2:p2[/database]#<master> (rediss-sentinel:// for TLS) or "
            + "redis-cluster://[[user]:password@]h1:p1,h2:p2,... (rediss-cluster:// for TLS)";

    RedisEndpoint {
        nodes = List.copyOf(nodes);
    }

    /**
     * @throws IllegalArgumentException with a message that says what is wrong, never quoting the URL (the caller adds
     *                                  the redacted URL and the parameter name)
     */
    static RedisEndpoint parse(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith(CLUSTER_SCHEME) || lower.startsWith(CLUSTER_SCHEME_TLS)) {
            return cluster(url, lower.startsWith(CLUSTER_SCHEME_TLS));
        }
        if (lower.startsWith(SENTINEL_SCHEME) || lower.startsWith(SENTINEL_SCHEME_TLS)) {
            RedisURI uri = lettuce(url);
            if (uri.getSentinelMasterId() == null || uri.getSentinelMasterId().isBlank()
                    || uri.getSentinels().isEmpty()) {
                throw new IllegalArgumentException("a Sentinel URL must list the sentinels and name the master "
                        + "after '#', e.g. redis-sentinel://10.0.0.5:26379,10.0.0.6:26379/0#mymaster");
            }
            return new RedisEndpoint(Kind.SENTINEL, List.of(uri));
        }
        if (lower.startsWith("redis://") || lower.startsWith("rediss://")) {
            requireHost(url);
            return new RedisEndpoint(Kind.STANDALONE, List.of(lettuce(url)));
        }
        throw new IllegalArgumentException("unknown scheme");
    }

    private static RedisEndpoint cluster(String url, boolean tls) {
        String rest = url.substring(url.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (!(path.isEmpty() || path.equals("/") || path.equals("/0"))) {
            throw new IllegalArgumentException("Redis Cluster has only database 0, and a cluster URL takes no "
                    + "query or fragment");
        }
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        String hosts = authority.substring(at + 1);
        List<RedisURI> seeds = new ArrayList<>();
        for (String hostPort : hosts.split(",", -1)) {
            if (hostPort.isBlank()) {
                throw new IllegalArgumentException("the seed list has an empty entry");
            }
            String single = (tls ? "rediss://" : "redis://") + userInfo + hostPort.trim();
            requireHost(single);
            seeds.add(lettuce(single));
        }
        return new RedisEndpoint(Kind.CLUSTER, seeds);
    }

    private static void requireHost(String url) {
        try {
            java.net.URI parsed = new java.net.URI(url);
            if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
                throw new IllegalArgumentException("no host");
            }
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URI");
        }
    }

    private static RedisURI lettuce(String url) {
        try {
            return RedisURI.create(url);
        } catch (RuntimeException e) {
            // Lettuce's message may quote the URL with its password: say only that it did not parse
            throw new IllegalArgumentException("Lettuce cannot parse it");
        }
    }
}
