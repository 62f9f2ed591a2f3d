package io.keygate.sample.api;

import io.keygate.store.UsageCount;

import java.time.LocalDate;

/** One day of a key's usage (contract §7.6): {@code {"date","authenticated","rate_limited","forbidden"}}. */
public record UsageDay(LocalDate date, long authenticated, long rateLimited, long forbidden) {

    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 90;

    static UsageDay of(UsageCount c) {
        return new UsageDay(c.day(), c.authenticated(), c.rateLimited(), c.forbidden());
    }
}
