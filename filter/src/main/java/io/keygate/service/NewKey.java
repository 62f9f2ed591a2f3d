package io.keygate.service;

import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * What to create. Build with {@link #builder(String, Owner)}; only the organization and the owner are required.
 * Defaults: environment live, permissions read+write.
 *
 * <p>In a management call ({@link ApiKeyService#create(Actor, NewKey)}) a null organization, owner, team,
 * restriction, expiry or rate limit means "left out": the new key inherits the caller's.
 */
public record NewKey(String name, String organizationId, String teamId, Owner owner, Environment environment,
                     Set<Permission> permissions, Restriction restriction, String plan, Limit rateLimit,
                     Instant expiresAt) {

    public static Builder builder(String organizationId, Owner owner) {
        return new Builder(organizationId, owner);
    }

    public static final class Builder {
        private String name = "";
        private String organizationId;
        private String teamId;
        private Owner owner;
        private Environment environment = Environment.LIVE;
        private Set<Permission> permissions = EnumSet.of(Permission.READ, Permission.WRITE);
        private Restriction restriction;
        private String plan;
        private Limit rateLimit;
        private Instant expiresAt;

        private Builder(String organizationId, Owner owner) {
            this.organizationId = organizationId;
            this.owner = owner;
        }

        public Builder organizationId(String organizationId) {
            this.organizationId = organizationId;
            return this;
        }

        public Builder owner(Owner owner) {
            this.owner = owner;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder teamId(String teamId) {
            this.teamId = teamId;
            return this;
        }

        public Builder environment(Environment environment) {
            this.environment = environment;
            return this;
        }

        public Builder permissions(Set<Permission> permissions) {
            this.permissions = permissions;
            return this;
        }

        public Builder permissions(Permission first, Permission... rest) {
            this.permissions = EnumSet.of(first, rest);
            return this;
        }

        public Builder restriction(Restriction restriction) {
            this.restriction = restriction;
            return this;
        }

        public Builder plan(String plan) {
            this.plan = plan;
            return this;
        }

        public Builder rateLimit(Limit rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public NewKey build() {
            return new NewKey(name, organizationId, teamId, owner, environment, permissions, restriction, plan,
                    rateLimit, expiresAt);
        }
    }
}
