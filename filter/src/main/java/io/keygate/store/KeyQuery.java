package io.keygate.store;

/**
 * A page request for keys.
 *
 * @param organizationId only this organization's keys, or all when null
 * @param nameContains   case-insensitive substring of the name, or no filter when null/empty
 * @param page           from 1
 * @param size           1..100
 */
public record KeyQuery(String organizationId, String nameContains, int page, int size) {

    public static final int MAX_SIZE = 100;
    public static final int DEFAULT_SIZE = 20;

    public KeyQuery {
        if (page < 1) {
            throw new IllegalArgumentException(page + " is wrong value for page, because pages start at 1");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException(size + " is wrong value for size, because it must be 1.." + MAX_SIZE);
        }
        nameContains = nameContains == null || nameContains.isEmpty() ? null : nameContains;
    }

    public long offset() {
        return (long) (page - 1) * size;
    }
}
