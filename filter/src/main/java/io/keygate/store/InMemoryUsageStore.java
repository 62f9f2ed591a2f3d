package io.keygate.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Usage in memory: for tests, demos and single-node setups where usage may be lost on restart. One entry per key
 * and day that saw requests; nothing is ever removed, so use a real store where keys and days are many.
 */
public final class InMemoryUsageStore implements UsageStore {

    private record Row(String keyId, LocalDate day) {
    }

    private final Map<Row, UsageCount> rows = new ConcurrentHashMap<>();

    @Override
    public void add(Collection<UsageCount> deltas) {
        for (UsageCount d : deltas) {
            rows.merge(new Row(d.keyId(), d.day()), d, UsageCount::plus);
        }
    }

    @Override
    public List<UsageCount> daily(String keyId, LocalDate from, LocalDate to) {
        List<UsageCount> out = new ArrayList<>();
        for (UsageCount c : rows.values()) {
            if (c.keyId().equals(keyId) && !c.day().isBefore(from) && !c.day().isAfter(to)) {
                out.add(c);
            }
        }
        return out;
    }
}
