-- keygate V2 (H2 2.x): service accounts, teams, and what keys need for the management rules.

-- H2 counts VARCHAR lengths in UTF-16 units, while names are limited to 128 code points (what PostgreSQL and MariaDB
-- count): 128 emoji are 256 units.
ALTER TABLE apikey ALTER COLUMN name SET DATA TYPE VARCHAR(256);

-- the key that replaced this one by rotation: a key is rotated at most once (the rotation's conditional update
-- requires it to be null)
ALTER TABLE apikey ADD COLUMN replaced_by_id VARCHAR(64);
UPDATE apikey o SET replaced_by_id = (SELECT MIN(n.id) FROM apikey n WHERE n.replaces_id = o.id);

-- listing an owner's keys, and revoking every key of a service account when it is disabled
CREATE INDEX apikey_owner_ix ON apikey (owner_type, owner_id);

CREATE TABLE service_account (
    id              VARCHAR(64)  NOT NULL,
    name            VARCHAR(256) NOT NULL,
    organization_id VARCHAR(64)  NOT NULL,
    team_id         VARCHAR(64),
    created_at      BIGINT       NOT NULL,
    disabled_at     BIGINT,
    version         BIGINT       DEFAULT 0 NOT NULL,
    CONSTRAINT service_account_pk PRIMARY KEY (id)
);
CREATE INDEX service_account_org_created_ix ON service_account (organization_id, created_at DESC, id);
CREATE INDEX service_account_created_ix ON service_account (created_at DESC, id);

CREATE TABLE team (
    id              VARCHAR(64)  NOT NULL,
    name            VARCHAR(256) NOT NULL,
    organization_id VARCHAR(64)  NOT NULL,
    CONSTRAINT team_pk PRIMARY KEY (id)
);
CREATE INDEX team_org_ix ON team (organization_id, id);
