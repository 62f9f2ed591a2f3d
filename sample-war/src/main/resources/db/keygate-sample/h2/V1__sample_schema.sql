-- keygate sample: plans, organizations, workflows and workflow instances (H2).
-- Times are epoch milliseconds (UTC by definition), which every database stores alike.
CREATE TABLE sample_plan (
    name            VARCHAR(64) PRIMARY KEY,
    api_access      BOOLEAN     NOT NULL,
    limit_count     BIGINT,
    window_seconds  BIGINT
);

CREATE TABLE sample_organization (
    id    VARCHAR(64) PRIMARY KEY,
    plan  VARCHAR(64) NOT NULL,
    CONSTRAINT fk_sample_organization_plan FOREIGN KEY (plan) REFERENCES sample_plan (name)
);

CREATE TABLE sample_workflow (
    id               VARCHAR(64)  PRIMARY KEY,
    organization_id  VARCHAR(64)  NOT NULL,
    name             VARCHAR(128) NOT NULL,
    CONSTRAINT fk_sample_workflow_organization FOREIGN KEY (organization_id) REFERENCES sample_organization (id)
);

CREATE TABLE sample_workflow_instance (
    id               VARCHAR(64)    PRIMARY KEY,
    workflow_id      VARCHAR(64)    NOT NULL,
    organization_id  VARCHAR(64)    NOT NULL,
    livemode         BOOLEAN        NOT NULL,
    key_id           VARCHAR(64)    NOT NULL,
    status           VARCHAR(16)    NOT NULL,
    output_text      VARCHAR(20000),
    file_url_count   INT            NOT NULL,
    created_at_ms    BIGINT         NOT NULL,
    completed_at_ms  BIGINT,
    CONSTRAINT fk_sample_instance_workflow FOREIGN KEY (workflow_id) REFERENCES sample_workflow (id)
);

CREATE INDEX ix_sample_instance_org_created ON sample_workflow_instance (organization_id, created_at_ms);
