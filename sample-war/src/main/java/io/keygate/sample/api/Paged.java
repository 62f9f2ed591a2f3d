package io.keygate.sample.api;

import java.util.List;

/** A page of an admin list: {@code page} from 1, {@code total} items matching the query. */
public record Paged<T>(List<T> items, int page, int size, long total) {

    static <T> Paged<T> of(io.keygate.store.Page<?> page, List<T> items) {
        return new Paged<>(items, page.page(), page.size(), page.total());
    }
}
