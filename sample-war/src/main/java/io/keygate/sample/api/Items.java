package io.keygate.sample.api;

import java.util.List;

/** {@code {"items":[...]}}: an unpaged list. */
public record Items<T>(List<T> items) {
}
