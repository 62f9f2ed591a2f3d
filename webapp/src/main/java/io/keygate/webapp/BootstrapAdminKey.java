package io.keygate.webapp;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.PresentedKey;
import io.keygate.service.ApiKeyService;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes sure someone can administer keygate: if the organization has no active admin key, one is created — the
 * operator's key if one is given (a well-formed live key), else a generated one printed once to standard output as
 * {@value #ANNOUNCEMENT}{@code <key>}. An expired or revoked last admin key therefore leads to a new one on the
 * next start: the recovery path for a lost admin key. The key is owned by the service account
 * {@value #ACCOUNT_ID}.
 *
 * <p>The one bootstrap of keygate: {@link KeygateListener} and the sample both run it. (The management plane's
 * {@code AdminBootstrap}, which also creates the {@value #ACCOUNT_ID} service account, takes its place once it is
 * in the engine; this class then only announces.)
 */
public final class BootstrapAdminKey {

    /** The line a generated key is printed on, followed by the key. */
    public static final String ANNOUNCEMENT = "keygate: bootstrap admin key (shown once): ";
    public static final String ACCOUNT_ID = "sa_bootstrap";
    public static final String KEY_NAME = "bootstrap admin";
    /** Pages of the organization's keys examined for an active admin before concluding there is none. */
    static final int MAX_PAGES = 50;

    private static final System.Logger LOG = System.getLogger(BootstrapAdminKey.class.getName());

    private final ApiKeyService service;
    private final String organization;
    private final Clock clock;

    public BootstrapAdminKey(ApiKeyService service, String organization, Clock clock) {
        this.service = Objects.requireNonNull(service, "service cannot be null");
        this.organization = Objects.requireNonNull(organization, "organization cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    /**
     * Checks an operator-given bootstrap key (null passes) without showing it.
     *
     * @param name how the operator set it ({@code KEYGATE_BOOTSTRAP_KEY}, {@code keygate.bootstrap.key}), for the
     *             message
     * @throws IllegalArgumentException saying why it is unusable
     */
    public static void checkKey(String name, String bootstrapKey, KeyFormat format) {
        if (bootstrapKey == null) {
            return;
        }
        PresentedKey presented = format.check(bootstrapKey);
        if (presented == null) {
            throw new IllegalArgumentException(name + " is not a well-formed keygate key: it must be '"
                    + format.livePrefix() + "' followed by " + KeyFormat.SUFFIX_LENGTH
                    + " base62 characters (32 random, 6 checksum) with a valid CRC32 checksum; it has "
                    + bootstrapKey.length() + " characters. Unset it to have a key generated and printed once.");
        }
        if (presented.environment() != Environment.LIVE) {
            throw new IllegalArgumentException(name + " is a test key (prefix '" + format.testPrefix()
                    + "'), but the bootstrap admin key must be a live key (prefix '" + format.livePrefix() + "')");
        }
    }

    /**
     * Ensures an active admin key of the organization exists.
     *
     * @param name         how the operator sets the key, for messages
     * @param bootstrapKey the operator's key, or null to generate one
     * @param out          where a generated key is announced (standard output)
     * @return the key created, or empty when an admin key existed
     * @throws IllegalArgumentException if the given key is malformed, or stored already but not an active admin key
     */
    public Optional<ApiKey> ensureAdmin(String name, String bootstrapKey, PrintStream out) {
        checkKey(name, bootstrapKey, service.format());
        Optional<ApiKey> given = bootstrapKey == null ? Optional.empty()
                : service.store().findByHash(KeyFormat.sha256Hex(bootstrapKey));
        if (hasActiveAdmin()) {
            if (bootstrapKey != null && given.isEmpty()) {
                // an operator who set the key expects it to work: say why it does not
                LOG.log(Level.WARNING, name + " is not used: organization '" + organization + "' already has an "
                        + "active admin key, and the bootstrap key is only created when it has none");
            }
            return Optional.empty();
        }
        if (given.isPresent()) {
            ApiKey k = given.get();
            throw new IllegalArgumentException(name + " names the existing key " + k.id() + " (" + k.redacted()
                    + "), which is " + k.statusAt(clock.instant()).wireName() + " or no admin key of '"
                    + organization + "': set a new key, or unset it to have one generated");
        }
        NewKey spec = NewKey.builder(organization, Owner.serviceAccount(ACCOUNT_ID))
                .name(KEY_NAME)
                .environment(Environment.LIVE)
                .permissions(EnumSet.of(Permission.READ, Permission.WRITE, Permission.ADMIN))
                .build();
        if (bootstrapKey != null) {
            ApiKey imported = service.importKey(spec, bootstrapKey).key();
            LOG.log(Level.INFO, "keygate: bootstrap admin key " + imported.id() + " (" + imported.redacted()
                    + ") stored from " + name);
            return Optional.of(imported);
        }
        CreatedKey created = service.create(spec);
        out.println(ANNOUNCEMENT + created.plaintext());
        out.flush();
        return Optional.of(created.key());
    }

    private boolean hasActiveAdmin() {
        for (int page = 1; page <= MAX_PAGES; page++) {
            Page<ApiKey> keys = service.search(new KeyQuery(organization, null, page, KeyQuery.MAX_SIZE));
            for (ApiKey k : keys.items()) {
                if (k.statusAt(clock.instant()) == ApiKey.Status.ACTIVE
                        && k.effectivePermissions().contains(Permission.ADMIN)) {
                    return true;
                }
            }
            if ((long) page * KeyQuery.MAX_SIZE >= keys.total()) {
                return false;
            }
        }
        return false;
    }
}
