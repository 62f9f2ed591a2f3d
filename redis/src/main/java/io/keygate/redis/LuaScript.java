package io.keygate.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A Lua script of this module, sent by SHA ({@code EVALSHA}) with no check before it: one round trip. When the server
 * does not know it (first use, restart, {@code SCRIPT FLUSH}, a failover to a replica, which in Redis 7 does not
 * inherit the script cache) it is sent once in full ({@code EVAL}, which also caches it server-side). On a cluster,
 * Lettuce routes the call by its first key, and every key of one call carries the same hash tag.
 */
final class LuaScript {

    /** Check and count (or reserve a batch of) every window of a request: {@code rate-limit.lua}. */
    static final LuaScript RESERVE = new LuaScript("rate-limit.lua");
    /** Give unused reserved requests back (hot-key mode): {@code give-back.lua}. */
    static final LuaScript GIVE_BACK = new LuaScript("give-back.lua");

    private final String resource;
    private final String source;
    private final String sha1;

    private LuaScript(String resource) {
        this.resource = resource;
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the keygate-redis jar");
            }
            this.source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.sha1 = sha1Hex(source);
    }

    String sha1() {
        return sha1;
    }

    /** Runs the script returning a list of integers. */
    CompletableFuture<List<Long>> multi(RedisScriptingAsyncCommands<String, String> commands, String[] keys,
                                        String[] args) {
        return commands.<List<Long>>evalsha(sha1, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                .exceptionallyCompose(e -> isNoScript(e)
                        ? commands.<List<Long>>eval(source, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                        : CompletableFuture.failedFuture(e))
                .thenApply(result -> {
                    if (result == null || result.size() != keys.length + 1) {
                        throw new IllegalStateException(resource + " returned " + result + " for " + keys.length
                                + " keys");
                    }
                    return result;
                });
    }

    /** Runs the script ignoring its result. */
    CompletableFuture<Object> run(RedisScriptingAsyncCommands<String, String> commands, String[] keys,
                                  String[] args) {
        return commands.evalsha(sha1, ScriptOutputType.INTEGER, keys, args).toCompletableFuture()
                .exceptionallyCompose(e -> isNoScript(e)
                        ? commands.eval(source, ScriptOutputType.INTEGER, keys, args).toCompletableFuture()
                        : CompletableFuture.failedFuture(e));
    }

    private static boolean isNoScript(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RedisNoScriptException;
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the Java platform", e);
        }
    }
}
