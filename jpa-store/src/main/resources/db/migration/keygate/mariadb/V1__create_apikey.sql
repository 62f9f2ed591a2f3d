-- keygate: API keys (MariaDB 10.6+). Only the SHA-256 of a key is stored, never the key.
-- Times are epoch milliseconds UTC. The binary collation makes ids, hashes and organization ids compare
-- exactly (case-sensitive) and order by code point; name search lowercases both sides.
CREATE TABLE apikey (
    id                  VARCHAR(64)  NOT NULL,
    key_hash            VARCHAR(64)  NOT NULL,
    prefix              VARCHAR(16)  NOT NULL,
    start4              VARCHAR(4),
    end4                VARCHAR(4),
    name                VARCHAR(128) NOT NULL,
    organization_id     VARCHAR(64)  NOT NULL,
    team_id             VARCHAR(64),
    owner_type          VARCHAR(16)  NOT NULL,
    owner_id            VARCHAR(64)  NOT NULL,
    environment         VARCHAR(8)   NOT NULL,
    permissions         VARCHAR(64)  NOT NULL,
    restriction_type    VARCHAR(64),
    restriction_id      VARCHAR(64),
    plan                VARCHAR(64),
    rate_limit_count    BIGINT,
    rate_limit_window_s BIGINT,
    created_at          BIGINT       NOT NULL,
    expires_at          BIGINT,
    revoked_at          BIGINT,
    last_used_at        BIGINT,
    replaces_id         VARCHAR(64),
    version             BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT apikey_pk PRIMARY KEY (id),
    CONSTRAINT apikey_key_hash_uk UNIQUE (key_hash),
    CONSTRAINT apikey_environment_ck CHECK (environment IN ('live', 'test')),
    CONSTRAINT apikey_owner_type_ck CHECK (owner_type IN ('user', 'service_account')),
    CONSTRAINT apikey_rate_limit_ck CHECK ((rate_limit_count IS NULL) = (rate_limit_window_s IS NULL))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- listing one organization's keys newest first
CREATE INDEX apikey_org_created_ix ON apikey (organization_id, created_at DESC, id);
-- listing all keys newest first (platform administrators)
CREATE INDEX apikey_created_ix ON apikey (created_at DESC, id);
-- MariaDB has no expression indexes: a name search scans the organization's keys through apikey_org_created_ix
