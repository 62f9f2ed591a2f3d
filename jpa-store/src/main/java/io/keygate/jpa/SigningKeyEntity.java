package io.keygate.jpa;

import io.keygate.store.StoredSigningKey;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Row of table {@code signing_key}: one token signing key with its sealed private part. Internal to
 * {@link JpaSigningKeyStore}; the token module works with {@link StoredSigningKey}. Times are epoch milliseconds, for
 * the reason {@link ApiKeyEntity} gives. Rows are never updated: inserted once, deleted after retirement.
 */
@Entity(name = "SigningKeyEntity")
@Table(name = "signing_key")
public class SigningKeyEntity {

    @Id
    @Column(name = "kid", length = StoredSigningKey.MAX_KID_LENGTH, nullable = false, updatable = false)
    private String kid;

    @Column(name = "algorithm", length = 16, nullable = false, updatable = false)
    private String algorithm;

    @Column(name = "generation", nullable = false, unique = true, updatable = false)
    private long generation;

    @Column(name = "public_jwk", length = StoredSigningKey.MAX_PUBLIC_JWK_LENGTH, nullable = false, updatable = false)
    private String publicJwk;

    @Column(name = "private_part", length = StoredSigningKey.MAX_PRIVATE_PART_LENGTH, nullable = false,
            updatable = false)
    private byte[] privatePart;

    @Column(name = "created_at", nullable = false, updatable = false)
    private long createdAt;

    @Column(name = "activates_at", nullable = false, updatable = false)
    private long activatesAt;

    @Column(name = "retires_at", nullable = false, updatable = false)
    private long retiresAt;

    /** For JPA. */
    protected SigningKeyEntity() {
    }

    static SigningKeyEntity from(StoredSigningKey key) {
        SigningKeyEntity e = new SigningKeyEntity();
        e.kid = key.kid();
        e.algorithm = key.algorithm();
        e.generation = key.generation();
        e.publicJwk = key.publicJwk();
        e.privatePart = key.privatePart();
        e.createdAt = key.createdAt().toEpochMilli();
        e.activatesAt = key.activatesAt().toEpochMilli();
        e.retiresAt = key.retiresAt().toEpochMilli();
        return e;
    }

    StoredSigningKey toStoredKey() {
        return new StoredSigningKey(kid, algorithm, generation, publicJwk, privatePart,
                Instant.ofEpochMilli(createdAt), Instant.ofEpochMilli(activatesAt), Instant.ofEpochMilli(retiresAt));
    }

    @Override
    public String toString() {
        return "SigningKeyEntity[kid=" + kid + ", generation=" + generation + "]";
    }
}
