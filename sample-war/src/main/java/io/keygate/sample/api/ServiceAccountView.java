package io.keygate.sample.api;

import io.keygate.store.ServiceAccount;

import java.time.Instant;

/** A service account of the admin API (contract §7.2). */
public record ServiceAccountView(String id, String name, String organizationId, String teamId, String status,
                                 Instant createdAt, Instant disabledAt) {

    public static ServiceAccountView of(ServiceAccount a) {
        return new ServiceAccountView(a.id(), a.name(), a.organizationId(), a.teamId(), a.status().wireName(),
                a.createdAt(), a.disabledAt());
    }
}
