package io.keygate.sample.app;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.PresentedKey;
import io.keygate.sample.config.ConfigurationException;
import io.keygate.sample.config.SampleConfig;
import io.keygate.sample.db.Seeds;
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
 * Makes sure someone can administer the sample: if the {@code platform} organization has no active admin key, one
 * is created — the operator's {@code KEYGATE_BOOTSTRAP_KEY} if given, else a generated key printed once to
 * standard output as {@value #ANNOUNCEMENT}{@code <key>}. An expired or revoked last admin key therefore leads to a
 * new one on the next start (the recovery path for a lost admin key).
 */
public final class Bootstrap {

    public static final String ANNOUNCEMENT = "keygate: bootstrap admin key (shown once): ";
    public static final String OWNER_ID = "bootstrap";
    public static final String KEY_NAME = "bootstrap admin";
    /** How many platform keys are examined for an active admin before concluding there is none. */
    static final int MAX_PAGES = 50;

    private static final System.Logger LOG = System.getLogger(Bootstrap.class.getName());

    private final ApiKeyService service;
    private final Clock clock;

    public Bootstrap(ApiKeyService service, Clock clock) {
        this.service = Objects.requireNonNull(service, "service cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    /**
     * Checks an operator-given bootstrap key before anything else starts.
     *
     * @throws ConfigurationException saying why the key is unusable, never showing it
     */
    public static void checkKey(String bootstrapKey, KeyFormat format) {
        if (bootstrapKey == null) {
            return;
        }
        PresentedKey presented = format.check(bootstrapKey);
        if (presented == null) {
            throw new ConfigurationException(SampleConfig.BOOTSTRAP_KEY + " is not a well-formed keygate key: it must be '"
                    + format.livePrefix() + "' followed by " + KeyFormat.SUFFIX_LENGTH
                    + " base62 characters (32 random, 6 checksum) with a valid CRC32 checksum; it has "
                    + bootstrapKey.length() + " characters. Unset it to have a key generated and printed once.");
        }
        if (presented.environment() != Environment.LIVE) {
            throw new ConfigurationException(SampleConfig.BOOTSTRAP_KEY + " is a test key (prefix '"
                    + format.testPrefix() + "'), but the bootstrap admin key must be a live key (prefix '"
                    + format.livePrefix() + "')");
        }
    }

    /**
     * Ensures an active platform admin key exists.
     *
     * @param out where a generated key is announced (standard output)
     * @return the key created, or empty when an admin key existed
     */
    public Optional<ApiKey> ensureAdmin(String bootstrapKey, PrintStream out) {
        if (hasActiveAdmin()) {
            if (bootstrapKey != null && service.store().findByHash(KeyFormat.sha256Hex(bootstrapKey)).isEmpty()) {
                // an operator who set the variable expects that key to work: say why it does not
                LOG.log(Level.WARNING, SampleConfig.BOOTSTRAP_KEY + " is not used: the platform organization already "
                        + "has an active admin key, and the bootstrap key is only created when it has none");
            }
            return Optional.empty();
        }
        NewKey spec = NewKey.builder(Seeds.PLATFORM, Owner.serviceAccount(OWNER_ID))
                .name(KEY_NAME)
                .environment(Environment.LIVE)
                .permissions(EnumSet.of(Permission.READ, Permission.WRITE, Permission.ADMIN))
                .build();
        if (bootstrapKey != null) {
            Optional<ApiKey> existing = service.store().findByHash(KeyFormat.sha256Hex(bootstrapKey));
            if (existing.isPresent()) {
                throw new ConfigurationException(SampleConfig.BOOTSTRAP_KEY + " names the existing key "
                        + existing.get().id() + " (" + existing.get().redacted() + "), which is "
                        + existing.get().statusAt(clock.instant()).wireName()
                        + " or no platform admin key: set a new key, or unset the variable to have one generated");
            }
            return Optional.of(service.importKey(spec, bootstrapKey).key());
        }
        CreatedKey created = service.create(spec);
        out.println(ANNOUNCEMENT + created.plaintext());
        out.flush();
        return Optional.of(created.key());
    }

    private boolean hasActiveAdmin() {
        for (int page = 1; page <= MAX_PAGES; page++) {
            Page<ApiKey> keys = service.search(new KeyQuery(Seeds.PLATFORM, null, page, KeyQuery.MAX_SIZE));
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
