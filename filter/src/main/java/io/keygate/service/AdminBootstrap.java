package io.keygate.service;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.PresentedKey;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes sure someone can administer keygate: if the platform organization has no active admin key, one is created,
 * owned by the service account {@value #ACCOUNT_ID} ("{@value #ACCOUNT_NAME}") of that organization (created, or
 * made active again, as needed). The key is the operator's own if one is given (a well-formed live key), else a
 * generated one whose plaintext the caller shows once. An expired or revoked last admin key therefore leads to a
 * new one on the next start: the recovery path for a lost admin key. System operations: nothing is audited.
 *
 * <pre>{@code
 * AdminBootstrap.Result r = keygate.management().bootstrap().ensureAdmin(operatorKeyOrNull);
 * if (r instanceof AdminBootstrap.Generated g) {
 *     System.out.println("bootstrap admin key (shown once): " + g.key().plaintext());
 * }
 * }</pre>
 */
public final class AdminBootstrap {

    public static final String ACCOUNT_ID = "sa_bootstrap";
    public static final String ACCOUNT_NAME = "Bootstrap";
    public static final String KEY_NAME = "bootstrap admin";
    /** Pages of active platform keys examined for an admin before concluding there is none. */
    static final int MAX_PAGES = 50;

    private final ApiKeyService keys;
    private final ServiceAccountService accounts;

    public AdminBootstrap(ApiKeyService keys, ServiceAccountService accounts) {
        this.keys = Objects.requireNonNull(keys, "keys cannot be null");
        this.accounts = Objects.requireNonNull(accounts, "accounts cannot be null");
    }

    /** What {@link #ensureAdmin} did. */
    public sealed interface Result permits Existing, Generated, Imported {
    }

    /**
     * An active admin key existed; nothing was created.
     *
     * @param givenKeyUnused a bootstrap key was given but is not stored: worth a warning, the operator expects it
     *                       to work
     */
    public record Existing(boolean givenKeyUnused) implements Result {
    }

    /** A key was generated: show {@code key.plaintext()} once. */
    public record Generated(CreatedKey key) implements Result {
    }

    /** The given key was stored. */
    public record Imported(ApiKey key) implements Result {
    }

    /**
     * Checks an operator-given bootstrap key (null passes) without showing it.
     *
     * @throws IllegalArgumentException saying why it is unusable
     */
    public static void checkKey(String bootstrapKey, KeyFormat format) {
        if (bootstrapKey == null) {
            return;
        }
        PresentedKey presented = format.check(bootstrapKey);
        if (presented == null) {
            throw new IllegalArgumentException("the bootstrap key is not a well-formed keygate key: it must be '"
                    + format.livePrefix() + "' followed by " + KeyFormat.SUFFIX_LENGTH
                    + " base62 characters (32 random, 6 checksum) with a valid CRC32 checksum; it has "
                    + bootstrapKey.length() + " characters");
        }
        if (presented.environment() != Environment.LIVE) {
            throw new IllegalArgumentException("the bootstrap key is a test key (prefix '" + format.testPrefix()
                    + "'), but the bootstrap admin key must be a live key (prefix '" + format.livePrefix() + "')");
        }
    }

    /**
     * Ensures an active admin key of the platform organization exists.
     *
     * @param bootstrapKey the operator's key, or null to generate one
     * @throws IllegalArgumentException if the given key is malformed ({@link #checkKey})
     * @throws IllegalStateException    if the given key is stored already but is not an active platform admin key
     */
    public Result ensureAdmin(String bootstrapKey) {
        KeyFormat format = keys.format();
        checkKey(bootstrapKey, format);
        Optional<ApiKey> given = bootstrapKey == null ? Optional.empty()
                : keys.store().findByHash(KeyFormat.sha256Hex(bootstrapKey));
        if (hasActiveAdmin()) {
            return new Existing(bootstrapKey != null && given.isEmpty());
        }
        if (given.isPresent()) {
            ApiKey k = given.get();
            throw new IllegalStateException("the bootstrap key names the existing key " + k.id() + " ("
                    + k.redacted() + "), which is " + k.statusAt(keys.context().clock.instant()).wireName()
                    + " or no platform admin key: set a new key, or unset it to have one generated");
        }
        String platform = keys.platformOrganization();
        accounts.ensure(ACCOUNT_ID, ACCOUNT_NAME, platform);
        NewKey spec = NewKey.builder(platform, Owner.serviceAccount(ACCOUNT_ID))
                .name(KEY_NAME)
                .environment(Environment.LIVE)
                .permissions(EnumSet.of(Permission.READ, Permission.WRITE, Permission.ADMIN))
                .build();
        if (bootstrapKey != null) {
            return new Imported(keys.importKey(spec, bootstrapKey).key());
        }
        return new Generated(keys.create(spec));
    }

    private boolean hasActiveAdmin() {
        Instant now = keys.context().clock.instant();
        KeyQuery.Builder query = KeyQuery.builder()
                .organizationId(keys.platformOrganization())
                .status(ApiKey.Status.ACTIVE, now)
                .size(KeyQuery.MAX_SIZE);
        for (int page = 1; page <= MAX_PAGES; page++) {
            Page<ApiKey> found = keys.search(query.page(page).build());
            for (ApiKey k : found.items()) {
                if (k.effectivePermissions().contains(Permission.ADMIN)) {
                    return true;
                }
            }
            if ((long) page * KeyQuery.MAX_SIZE >= found.total()) {
                return false;
            }
        }
        return false;
    }
}
