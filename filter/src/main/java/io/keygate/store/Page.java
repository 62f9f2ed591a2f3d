package io.keygate.store;

import java.util.List;

/** One page of results with the total count of matches. */
public record Page<T>(List<T> items, int page, int size, long total) {
    public Page {
        items = List.copyOf(items);
    }
}
