-- keygate V3: the audit log (contract §7.5). Append-only: keygate never updates or deletes a row. No column ever
-- holds a key or a key hash: key ids, organization ids and service-account ids only. Times are epoch milliseconds UTC.
CREATE TABLE audit_event (
    id                    VARCHAR(64) COLLATE "C" NOT NULL,
    occurred_at           BIGINT      NOT NULL,
    action                VARCHAR(32) NOT NULL,
    outcome               VARCHAR(8)  NOT NULL,
    actor_key_id          VARCHAR(64) COLLATE "C",
    actor_organization_id VARCHAR(64) COLLATE "C",
    actor_owner_type      VARCHAR(16),
    actor_owner_id        VARCHAR(64),
    target_type           VARCHAR(16) NOT NULL,
    target_id             VARCHAR(64) COLLATE "C",
    organization_id       VARCHAR(64) COLLATE "C",
    client_address        VARCHAR(64),
    CONSTRAINT audit_event_pk PRIMARY KEY (id),
    CONSTRAINT audit_event_outcome_ck CHECK (outcome IN ('success', 'denied'))
);

-- newest first, for everyone (platform admins) and per organization; filters by target and actor
CREATE INDEX audit_event_at_ix ON audit_event (occurred_at DESC, id);
CREATE INDEX audit_event_org_at_ix ON audit_event (organization_id, occurred_at DESC, id);
CREATE INDEX audit_event_target_ix ON audit_event (target_id, occurred_at DESC);
CREATE INDEX audit_event_actor_ix ON audit_event (actor_key_id, occurred_at DESC);
