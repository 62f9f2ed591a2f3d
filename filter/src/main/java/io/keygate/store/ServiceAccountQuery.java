package io.keygate.store;

/**
 * A page request for service accounts, newest first (ties by id). Filters are optional (null: any).
 *
 * @param organizationId accounts of this organization
 * @param nameContains   case-insensitive substring of the name
 * @param status         active or disabled
 * @param page           from 1
 * @param size           1..100
 */
public record ServiceAccountQuery(String organizationId, String nameContains, ServiceAccount.Status status, int page,
                                  int size) {

    public ServiceAccountQuery {
        KeyQuery.checkPaging(page, size);
        organizationId = organizationId == null || organizationId.isEmpty() ? null : organizationId;
        nameContains = nameContains == null || nameContains.isEmpty() ? null : nameContains;
    }

    public long offset() {
        return (long) (page - 1) * size;
    }

    public ServiceAccountQuery withOrganizationId(String organization) {
        return new ServiceAccountQuery(organization, nameContains, status, page, size);
    }
}
