package io.keygate.service;

/**
 * The rules a management call can be refused by (contract §7.1 and the admin-only operations of §7.2 to §7.4).
 * {@link #wireName()} starts the detail of every refusal.
 */
public enum ManagementRule {
    /** The target's organization is not the caller's, and the caller is no admin key of the platform organization. */
    ORGANIZATION("organization"),
    /** A test key manages test keys only. */
    ENVIRONMENT("environment"),
    /** The target's permissions must be a subset of the caller's. */
    PERMISSIONS("permissions"),
    /** A restricted caller manages only keys with the same restriction. */
    RESTRICTION("restriction"),
    /** A caller with a team manages only keys (and service accounts) of that team. */
    TEAM("team"),
    /** A caller that expires manages only keys that expire no later. */
    EXPIRY("expiry"),
    /** A caller with its own rate limit manages only keys allowing no more requests per second. */
    RATE_LIMIT("rate limit"),
    /** Only platform admins set a key's plan, change an organization's plan, or act for another organization. */
    PLAN("plan"),
    /** The organization's plan includes no API access, so no key may be created for it. */
    PLAN_ACCESS("plan access"),
    /** The calling key is no longer active (revoked or expired since it was authenticated). */
    CALLER("caller");

    private final String wireName;

    ManagementRule(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
