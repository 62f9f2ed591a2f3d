package io.keygate.sample.api;

import java.util.List;

/** A page of the admin API's key list: {@code page} from 1, {@code total} keys matching the query. */
public record KeyPage(List<KeyView> items, int page, int size, long total) {
}
