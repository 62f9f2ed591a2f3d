package io.keygate.bench;

import io.keygate.Keygate;
import io.keygate.http.AuthSettings;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.limit.StaticPlanResolver;
import io.keygate.service.NewKey;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.UsageStore;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Random;

/**
 * What every run shares: a plan whose limits are counted but never reached, the keygate assembly around a store,
 * and generators for the kinds of tokens a client can present (valid, malformed, bad checksum, unknown).
 */
public final class Fixtures {

    /** Counted on every request (two windows, like an hour+day plan) but high enough never to reject. */
    public static final Plan HIGH_LIMITS = Plan.of("bench",
            new Limit(1_000_000_000_000L, 60), new Limit(1_000_000_000_000L, 3600));
    /** A failed-auth limit so high that no client is ever blocked: every failure is counted and looked at. */
    public static final Limit NEVER_BLOCK = new Limit(1_000_000_000_000L, 60);
    public static final String ORGANIZATION = "org_bench";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Fixtures() {
    }

    /** keygate on {@code store} with {@link #HIGH_LIMITS} for every organization and the in-process limiter. */
    public static Keygate keygate(ApiKeyStore store, MeterRegistry registry) {
        return keygate(store, registry, null);
    }

    /** As {@link #keygate(ApiKeyStore, MeterRegistry)}, counting per-key daily usage into {@code usage} (null: off). */
    public static Keygate keygate(ApiKeyStore store, MeterRegistry registry, UsageStore usage) {
        return Keygate.builder()
                .store(store)
                .planResolver(StaticPlanResolver.single(HIGH_LIMITS))
                .meterRegistry(registry)
                .usageStore(usage)
                .build();
    }

    /** Creates a read+write live key through the service and returns its plaintext. */
    public static String createKey(Keygate keygate, String name) {
        return keygate.service().create(NewKey.builder(ORGANIZATION, Owner.serviceAccount("svc_bench"))
                .name(name).build()).plaintext();
    }

    /** Default settings except the failed-auth limit. */
    public static AuthSettings settings(Limit failedAuthLimit) {
        return AuthSettings.builder().failedAuthLimit(failedAuthLimit).build();
    }

    /** A well-formed live key with a random body: passes the format check, unknown to every store. */
    public static String randomWellFormed(Random random) {
        return KeyFormat.compose(KeyFormat.standard().prefixFor(Environment.LIVE), randomBase62(random, 32));
    }

    /**
     * A token of a key's length and prefix that fails the format check: 38 random base62 characters after the
     * prefix, so the checksum is wrong in all but one case out of 62^6 (the realistic shape of guessed keys).
     */
    public static String randomMalformed(Random random) {
        String token = KeyFormat.DEFAULT_LIVE_PREFIX + randomBase62(random, KeyFormat.SUFFIX_LENGTH);
        return KeyFormat.standard().isWellFormed(token) ? randomMalformed(random) : token;
    }

    /** {@code key} with its last checksum character changed. */
    public static String badChecksum(String key) {
        char last = key.charAt(key.length() - 1);
        return key.substring(0, key.length() - 1) + (last == '0' ? '1' : '0');
    }

    public static String randomBase62(Random random, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE62.charAt(random.nextInt(62));
        }
        return new String(out);
    }
}
