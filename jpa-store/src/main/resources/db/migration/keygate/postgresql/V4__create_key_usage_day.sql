-- keygate: requests per key and UTC day (contract 7.6), added to by every node with an atomic upsert.
CREATE TABLE key_usage_day (
    key_id         VARCHAR(64) COLLATE "C" NOT NULL,
    usage_day      DATE        NOT NULL,
    authenticated  BIGINT      NOT NULL DEFAULT 0,
    rate_limited   BIGINT      NOT NULL DEFAULT 0,
    forbidden      BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT key_usage_day_pk PRIMARY KEY (key_id, usage_day)
);
