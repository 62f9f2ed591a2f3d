package io.keygate.keys;

import java.util.Objects;

/**
 * Limits a key to one resource: {@code type} names the kind of resource (for example {@code workflow}),
 * {@code id} the one resource the key may touch. The filter enforces it through the path template
 * configured for the type.
 */
public record Restriction(String type, String id) {
    public Restriction {
        Objects.requireNonNull(type, "type cannot be null");
        Objects.requireNonNull(id, "id cannot be null");
    }
}
