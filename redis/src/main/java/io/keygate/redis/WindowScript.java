package io.keygate.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The Lua script that checks and counts all windows of a request in one round trip ({@code rate-limit.lua}).
 * Sent by SHA ({@code EVALSHA}); when the server does not know it (first use, restart, {@code SCRIPT FLUSH}, a
 * failover to a replica) it is sent once in full ({@code EVAL}, which also caches it server-side).
 */
final class WindowScript {

    static final String RESOURCE = "rate-limit.lua";

    private final String source;
    private final String sha1;

    WindowScript() {
        try (InputStream in = WindowScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the keygate-redis jar");
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

    /**
     * @return {@code [admitted (1|0), count per key...]}
     */
    List<Long> run(RedisCommands<String, String> commands, String[] keys, String[] args) {
        List<Long> result;
        try {
            result = commands.evalsha(sha1, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException e) {
            result = commands.eval(source, ScriptOutputType.MULTI, keys, args);
        }
        if (result == null || result.size() != keys.length + 1) {
            throw new IllegalStateException("rate-limit script returned " + result + " for " + keys.length + " keys");
        }
        return result;
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
