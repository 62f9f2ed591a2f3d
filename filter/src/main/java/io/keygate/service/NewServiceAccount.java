package io.keygate.service;

/**
 * What service account to create.
 *
 * @param name           1..128 characters (code points), required
 * @param organizationId its organization; in a management call null means the caller's
 * @param teamId         optional team of that organization; in a management call null means the caller's team
 */
public record NewServiceAccount(String name, String organizationId, String teamId) {
}
