-- keygate: token signing keys (H2 2.x), written and read by the token module through JpaSigningKeyStore.
-- private_part is sealed by the token module (AES-GCM under KEYGATE_TOKEN_SECRET) or, without a secret, marked as
-- unencrypted. Times are epoch milliseconds UTC. Rows are deleted a day after their last token expired.
CREATE TABLE signing_key (
    kid           VARCHAR(64)     NOT NULL,
    algorithm     VARCHAR(16)     NOT NULL,
    generation    BIGINT          NOT NULL,
    public_jwk    VARCHAR(2048)   NOT NULL,
    private_part  VARBINARY(4096) NOT NULL,
    created_at    BIGINT          NOT NULL,
    activates_at  BIGINT          NOT NULL,
    retires_at    BIGINT          NOT NULL,
    CONSTRAINT signing_key_pk PRIMARY KEY (kid),
    -- one key per rotation step: of nodes creating the same step at once, exactly one insert wins
    CONSTRAINT signing_key_generation_uk UNIQUE (generation),
    CONSTRAINT signing_key_generation_ck CHECK (generation >= 1),
    CONSTRAINT signing_key_times_ck CHECK (retires_at >= activates_at)
);
