package io.keygate.store;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;

import java.time.Instant;

/**
 * A page request for keys. Every filter is optional (null: no filter); stores apply all of them in the query, never
 * by loading keys and filtering in memory. Build with {@link #builder()} or the four-argument constructor.
 *
 * @param organizationId only this organization's keys, or all when null
 * @param nameContains   case-insensitive substring of the name, or no filter when null/empty
 * @param status         active, expired or revoked as of {@code asOf}
 * @param environment    live or test
 * @param teamId         keys of this team
 * @param ownerType      keys owned by a user or by a service account
 * @param ownerId        keys of this owner id
 * @param asOf           the instant the status filter is evaluated at ({@code ApiKeyService} sets its clock's
 *                       time; stores fall back to the system clock when it is null)
 * @param page           from 1
 * @param size           1..100
 */
public record KeyQuery(String organizationId, String nameContains, ApiKey.Status status, Environment environment,
                       String teamId, Owner.Type ownerType, String ownerId, Instant asOf, int page, int size) {

    public static final int MAX_SIZE = 100;
    public static final int DEFAULT_SIZE = 20;

    public KeyQuery {
        checkPaging(page, size);
        nameContains = emptyToNull(nameContains);
        organizationId = emptyToNull(organizationId);
        teamId = emptyToNull(teamId);
        ownerId = emptyToNull(ownerId);
    }

    /** Keys of one organization (or all when null) whose name contains {@code nameContains}. */
    public KeyQuery(String organizationId, String nameContains, int page, int size) {
        this(organizationId, nameContains, null, null, null, null, null, null, page, size);
    }

    public static Builder builder() {
        return new Builder();
    }

    public long offset() {
        return (long) (page - 1) * size;
    }

    /** A builder starting from this query. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.organizationId = organizationId;
        b.nameContains = nameContains;
        b.status = status;
        b.environment = environment;
        b.teamId = teamId;
        b.ownerType = ownerType;
        b.ownerId = ownerId;
        b.asOf = asOf;
        b.page = page;
        b.size = size;
        return b;
    }

    static void checkPaging(int page, int size) {
        if (page < 1) {
            throw new IllegalArgumentException(page + " is wrong value for page, because pages start at 1");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException(size + " is wrong value for size, because it must be 1.." + MAX_SIZE);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    public static final class Builder {
        private String organizationId;
        private String nameContains;
        private ApiKey.Status status;
        private Environment environment;
        private String teamId;
        private Owner.Type ownerType;
        private String ownerId;
        private Instant asOf;
        private int page = 1;
        private int size = DEFAULT_SIZE;

        private Builder() {
        }

        public Builder organizationId(String organizationId) {
            this.organizationId = organizationId;
            return this;
        }

        public Builder nameContains(String nameContains) {
            this.nameContains = nameContains;
            return this;
        }

        /** Status as of {@code asOf}. */
        public Builder status(ApiKey.Status status, Instant asOf) {
            this.status = status;
            this.asOf = asOf;
            return this;
        }

        public Builder environment(Environment environment) {
            this.environment = environment;
            return this;
        }

        public Builder teamId(String teamId) {
            this.teamId = teamId;
            return this;
        }

        public Builder ownerType(Owner.Type ownerType) {
            this.ownerType = ownerType;
            return this;
        }

        public Builder ownerId(String ownerId) {
            this.ownerId = ownerId;
            return this;
        }

        public Builder page(int page) {
            this.page = page;
            return this;
        }

        public Builder size(int size) {
            this.size = size;
            return this;
        }

        public KeyQuery build() {
            return new KeyQuery(organizationId, nameContains, status, environment, teamId, ownerType, ownerId, asOf,
                    page, size);
        }
    }
}
