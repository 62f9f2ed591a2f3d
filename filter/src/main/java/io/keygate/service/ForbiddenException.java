package io.keygate.service;

import java.util.Objects;

/**
 * A management call refused by a rule of contract §7.1 (or an admin-only operation asked by a key that is not a
 * platform admin). Nothing was changed; the refusal was written to the audit log. Map it to 403
 * {@code {"error":"Forbidden","detail": getMessage()}}, except {@link ManagementRule#PLAN_ACCESS}, which answers with
 * the plan body of contract §2. The message names the rule and the field and never repeats a key.
 */
public class ForbiddenException extends RuntimeException {

    private final ManagementRule rule;
    private final String field;

    public ForbiddenException(ManagementRule rule, String field, String message) {
        super(message);
        this.rule = Objects.requireNonNull(rule, "rule cannot be null");
        this.field = field;
    }

    public ManagementRule rule() {
        return rule;
    }

    /** The wire name of the field the rule concerns, e.g. {@code expires_at}. */
    public String field() {
        return field;
    }
}
