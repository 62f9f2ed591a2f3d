-- keygate V2 (MariaDB 10.6+): service accounts, teams, and what keys need for the management rules.
-- utf8mb4_bin as in V1: ids compare exactly; VARCHAR lengths count characters (code points).

-- the key that replaced this one by rotation: a key is rotated at most once (the rotation's conditional update
-- requires it to be null)
ALTER TABLE apikey ADD COLUMN replaced_by_id VARCHAR(64);
UPDATE apikey o SET replaced_by_id = (SELECT MIN(n.id) FROM (SELECT id, replaces_id FROM apikey) n
                                      WHERE n.replaces_id = o.id);

-- listing an owner's keys, and revoking every key of a service account when it is disabled
CREATE INDEX apikey_owner_ix ON apikey (owner_type, owner_id);

CREATE TABLE service_account (
    id              VARCHAR(64)  NOT NULL,
    name            VARCHAR(128) NOT NULL,
    organization_id VARCHAR(64)  NOT NULL,
    team_id         VARCHAR(64),
    created_at      BIGINT       NOT NULL,
    disabled_at     BIGINT,
    version         BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT service_account_pk PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX service_account_org_created_ix ON service_account (organization_id, created_at DESC, id);
CREATE INDEX service_account_created_ix ON service_account (created_at DESC, id);

CREATE TABLE team (
    id              VARCHAR(64)  NOT NULL,
    name            VARCHAR(128) NOT NULL,
    organization_id VARCHAR(64)  NOT NULL,
    CONSTRAINT team_pk PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX team_org_ix ON team (organization_id, id);
