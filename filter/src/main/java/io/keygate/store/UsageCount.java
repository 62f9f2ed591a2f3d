package io.keygate.store;

import io.keygate.keys.Ids;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Requests of one key on one UTC day, by outcome (contract §7.6): {@code authenticated} (admitted),
 * {@code rateLimited} (429) and {@code forbidden} (403 for plan, restriction or permission). As a delta it is what
 * a flush adds; as a row it is what a store holds.
 */
public record UsageCount(String keyId, LocalDate day, long authenticated, long rateLimited, long forbidden) {

    public UsageCount {
        if (!Ids.isValid(keyId)) {
            throw new IllegalArgumentException("keyId must be " + Ids.RULE_TEXT);
        }
        Objects.requireNonNull(day, "day cannot be null");
        if (authenticated < 0 || rateLimited < 0 || forbidden < 0) {
            throw new IllegalArgumentException("usage counts are never negative");
        }
    }

    /** A day without requests. */
    public static UsageCount zero(String keyId, LocalDate day) {
        return new UsageCount(keyId, day, 0, 0, 0);
    }

    public long total() {
        return authenticated + rateLimited + forbidden;
    }

    /** The sum of two counts of the same key and day. */
    public UsageCount plus(UsageCount other) {
        if (!keyId.equals(other.keyId) || !day.equals(other.day)) {
            throw new IllegalArgumentException("only counts of the same key and day add up");
        }
        return new UsageCount(keyId, day, authenticated + other.authenticated, rateLimited + other.rateLimited,
                forbidden + other.forbidden);
    }
}
