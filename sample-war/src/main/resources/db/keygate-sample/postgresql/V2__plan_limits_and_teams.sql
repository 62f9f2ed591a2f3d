-- keygate sample V2: plans with several limits (the hour+day plans: 100/h + 10,000/day), and workflows of a team.
CREATE TABLE sample_plan_limit (
    plan_name       VARCHAR(64) NOT NULL,
    limit_count     BIGINT      NOT NULL,
    window_seconds  BIGINT      NOT NULL,
    CONSTRAINT pk_sample_plan_limit PRIMARY KEY (plan_name, window_seconds),
    CONSTRAINT fk_sample_plan_limit_plan FOREIGN KEY (plan_name) REFERENCES sample_plan (name)
);

INSERT INTO sample_plan_limit (plan_name, limit_count, window_seconds)
    SELECT name, limit_count, window_seconds FROM sample_plan WHERE limit_count IS NOT NULL;
ALTER TABLE sample_plan DROP COLUMN limit_count;
ALTER TABLE sample_plan DROP COLUMN window_seconds;

-- the team of keygate's team table that a workflow belongs to (null: no team); keys of a team use only its workflows
ALTER TABLE sample_workflow ADD COLUMN team_id VARCHAR(64);
UPDATE sample_workflow SET team_id = 'team_research' WHERE id = 'wf_summarize';
UPDATE sample_workflow SET team_id = 'team_ops' WHERE id = 'wf_echo';
