package io.keygate.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SPI: where per-key daily usage lives (contract §7.6). The engine counts requests in memory and a write-behind
 * recorder hands them to {@link #add} in batches, never on a request thread, at most once per key per flush.
 *
 * <p>Several nodes add to the same rows: {@link #add} must increment atomically in the store (for a database, one
 * batched upsert: {@code ON CONFLICT ... DO UPDATE SET n = n + excluded.n} and the like), never read-modify-write,
 * so that the counts of all nodes add up exactly. Implementations are thread-safe; like {@link ApiKeyStore} they
 * may throw {@link StoreUnavailableException} and must do so quickly.
 */
public interface UsageStore {

    /** Adds every delta to its (key, day) row, creating rows as needed. Durable when it returns. */
    void add(Collection<UsageCount> deltas);

    /** The rows of one key from {@code from} to {@code to} (inclusive), any order; days without a row are absent. */
    List<UsageCount> daily(String keyId, LocalDate from, LocalDate to);

    /**
     * One item per day from {@code today - (days - 1)} to {@code today}, oldest first, days without requests as zeros:
     * the answer of {@code GET /admin/api/keys/{id}/usage?days=N}.
     */
    default List<UsageCount> lastDays(String keyId, int days, LocalDate today) {
        if (days < 1) {
            throw new IllegalArgumentException(days + " is wrong value for days, because it must be at least 1");
        }
        LocalDate from = today.minusDays(days - 1L);
        Map<LocalDate, UsageCount> rows = new HashMap<>();
        for (UsageCount row : daily(keyId, from, today)) {
            rows.merge(row.day(), row, UsageCount::plus);
        }
        List<UsageCount> out = new ArrayList<>(days);
        for (LocalDate d = from; !d.isAfter(today); d = d.plusDays(1)) {
            out.add(rows.getOrDefault(d, UsageCount.zero(keyId, d)));
        }
        return out;
    }
}
