package io.keygate.sample.api;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;
import io.keygate.service.ApiKeyService;
import io.keygate.service.CreatedKey;
import io.keygate.service.KeyNotActiveException;
import io.keygate.service.NewKey;
import io.keygate.service.ValidationException;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The admin API under {@code /admin/api/keys} (the filter requires the {@code admin} permission there). Keys are
 * managed only through {@link ApiKeyService}.
 *
 * <p>Who sees what: admin keys of the {@code platform} organization see and manage every organization's keys;
 * admin keys of any other organization only their own organization's. A key the caller may not see is 404, like
 * a key that does not exist. Asking explicitly for another organization ({@code organization_id} in a body or
 * query) is 403, and so is setting {@code plan} or {@code rate_limit} without being a platform admin: an
 * organization must not raise its own limits.
 */
public class AdminKeysServlet extends JsonServlet {

    public static final int MAX_QUERY_LENGTH = 128;
    public static final int MAX_PAGE = 1_000_000;
    public static final long MAX_LIMIT = 1_000_000_000L;
    public static final long MAX_WINDOW_SECONDS = 366L * 24 * 3600;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    @Override
    protected void handle(Exchange x) throws IOException {
        List<String> s = x.segments();
        if (s.isEmpty()) {
            allow(x, "GET", "POST");
            if (x.isRead()) {
                list(x);
            } else {
                create(x);
            }
        } else if (s.size() == 1) {
            allow(x, "GET", "DELETE");
            String id = x.id(0, "key");
            if (x.isRead()) {
                x.respond(200, KeyView.of(visibleKey(x.caller(), id), now()));
            } else {
                revoke(x, id);
            }
        } else if (s.size() == 2 && s.get(1).equals("rotate")) {
            allow(x, "POST");
            rotate(x, x.id(0, "key"));
        } else {
            throw ApiException.notFound("no such resource: see /admin/api/keys and /admin/api/keys/{id}");
        }
    }

    private void create(Exchange x) throws IOException {
        Caller caller = x.caller();
        CreateKeyRequest body = x.body(CreateKeyRequest.class, true);
        NewKey spec = toNewKey(caller, body == null ? CreateKeyRequest.EMPTY : body);
        CreatedKey created = call(() -> service().create(spec));
        x.header("Cache-Control", "no-store");
        x.header("Location", x.request().getContextPath() + "/admin/api/keys/" + created.key().id());
        x.respond(201, KeyView.created(created, now()));
    }

    private void list(Exchange x) throws IOException {
        Caller caller = x.caller();
        String q = x.query("q");
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            throw ApiException.invalid("q must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        int page = intParameter(x, "page", 1, 1, MAX_PAGE);
        int size = intParameter(x, "size", KeyQuery.DEFAULT_SIZE, 1, KeyQuery.MAX_SIZE);
        String organization = x.query("organization_id");
        if (organization != null && organization.isEmpty()) {
            organization = null;
        }
        if (organization == null) {
            organization = caller.isPlatformAdmin() ? null : caller.organizationId();
        } else {
            checkId("organization_id", organization);
            if (!caller.manages(organization)) {
                throw ApiException.forbidden(othersOrganization(caller));
            }
        }
        Page<ApiKey> result = service().search(new KeyQuery(organization, q, page, size));
        Instant now = now();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", result.items().stream().map(k -> KeyView.of(k, now)).toList());
        out.put("page", result.page());
        out.put("size", result.size());
        out.put("total", result.total());
        x.respond(200, out);
    }

    private void revoke(Exchange x, String id) {
        visibleKey(x.caller(), id);
        service().revoke(id);
        x.noContent();
    }

    private void rotate(Exchange x, String id) throws IOException {
        visibleKey(x.caller(), id);
        RotateRequest body = x.body(RotateRequest.class, true);
        long grace = body == null ? 0 : body.graceOrDefault();
        CreatedKey created;
        try {
            created = call(() -> service().rotate(id, grace))
                    .orElseThrow(() -> ApiException.notFound("no key '" + id + "'"));
        } catch (KeyNotActiveException e) {
            throw new ApiException(409, "Conflict", e.getMessage());
        }
        x.header("Cache-Control", "no-store");
        x.header("Location", x.request().getContextPath() + "/admin/api/keys/" + created.key().id());
        x.respond(201, KeyView.created(created, now()));
    }

    private ApiKey visibleKey(Caller caller, String id) {
        return service().get(id)
                .filter(k -> caller.manages(k.organizationId()))
                .orElseThrow(() -> ApiException.notFound("no key '" + id + "'"));
    }

    NewKey toNewKey(Caller caller, CreateKeyRequest r) {
        String organization = r.organizationId() == null ? caller.organizationId() : r.organizationId();
        checkId("organization_id", organization);
        if (!caller.manages(organization)) {
            throw ApiException.forbidden(othersOrganization(caller));
        }
        if (!app().organizations().exists(organization)) {
            throw ApiException.invalid("organization_id: there is no organization '" + organization + "'");
        }
        if (r.plan() != null && !caller.isPlatformAdmin()) {
            throw ApiException.forbidden("plan: only platform admins may set a key's plan");
        }
        if (r.rateLimit() != null && !caller.isPlatformAdmin()) {
            throw ApiException.forbidden("rate_limit: only platform admins may set a key's rate limit");
        }
        NewKey.Builder b = NewKey.builder(organization, owner(caller, r.owner()))
                .name(r.name() == null ? "" : r.name())
                .teamId(r.teamId())
                .environment(environment(r.environment()))
                .permissions(permissions(r.permissions()))
                .plan(r.plan())
                .rateLimit(limit(r.rateLimit()))
                .expiresAt(expiresAt(r.expiresAt()));
        if (r.workflowId() != null) {
            checkId("workflow_id", r.workflowId());
            app().workflows().findWorkflow(organization, r.workflowId()).orElseThrow(() -> ApiException.invalid(
                    "workflow_id: there is no workflow '" + r.workflowId() + "' in organization '" + organization + "'"));
            b.restriction(new Restriction("workflow", r.workflowId()));
        }
        return b.build();
    }

    private static Owner owner(Caller caller, CreateKeyRequest.OwnerBody body) {
        if (body == null) {
            return caller.owner();
        }
        if (body.type() == null) {
            throw ApiException.invalid("owner.type is required: 'user' or 'service_account'");
        }
        if (body.id() == null) {
            throw ApiException.invalid("owner.id is required");
        }
        try {
            return new Owner(Owner.Type.fromWireName(body.type()), body.id());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("owner.type must be 'user' or 'service_account'");
        }
    }

    private static Environment environment(String value) {
        if (value == null) {
            return Environment.LIVE;
        }
        try {
            return Environment.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("environment must be 'live' or 'test'");
        }
    }

    private static Set<Permission> permissions(List<String> values) {
        if (values == null) {
            return EnumSet.of(Permission.READ, Permission.WRITE);
        }
        if (values.isEmpty()) {
            throw ApiException.invalid("permissions must name at least one of 'read', 'write', 'admin'");
        }
        EnumSet<Permission> out = EnumSet.noneOf(Permission.class);
        for (int i = 0; i < values.size(); i++) {
            try {
                out.add(Permission.fromWireName(values.get(i)));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("permissions[" + i + "] must be one of 'read', 'write', 'admin'");
            }
        }
        return out;
    }

    private static Limit limit(CreateKeyRequest.RateLimitBody body) {
        if (body == null) {
            return null;
        }
        if (body.limit() == null || body.limit() < 1 || body.limit() > MAX_LIMIT) {
            throw ApiException.invalid("rate_limit.limit must be an integer 1.." + MAX_LIMIT);
        }
        if (body.windowSeconds() == null || body.windowSeconds() < 1 || body.windowSeconds() > MAX_WINDOW_SECONDS) {
            throw ApiException.invalid("rate_limit.window_seconds must be an integer 1.." + MAX_WINDOW_SECONDS);
        }
        return new Limit(body.limit(), body.windowSeconds());
    }

    private static Instant expiresAt(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("expires_at must be an ISO 8601 date-time with offset, e.g. 2030-01-01T00:00:00Z");
        }
    }

    private static void checkId(String field, String value) {
        if (!ID.matcher(value).matches()) {
            throw ApiException.invalid(field + " must be 1..64 letters, digits or _ - . @");
        }
    }

    private static int intParameter(Exchange x, String name, int defaultValue, int min, int max) {
        String raw = x.query(name);
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalid(name + " must be an integer " + min + ".." + max);
    }

    private static String othersOrganization(Caller caller) {
        return "organization_id: this key may manage only the keys of organization '" + caller.organizationId() + "'";
    }

    /** Runs a service call, turning its validation errors into 400s that name the field. */
    private static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (ValidationException e) {
            String message = e.getMessage();
            throw ApiException.invalid(message != null && message.contains(e.field()) ? message
                    : e.field() + ": " + message);
        }
    }

    private ApiKeyService service() {
        return app().keygate().service();
    }

    private Instant now() {
        return app().keygate().clock().instant();
    }
}
