package io.keygate.webapp;

import io.keygate.keys.ApiKey;
import io.keygate.keys.KeyFormat;
import io.keygate.service.AdminBootstrap;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;

/**
 * The bootstrap admin key as a web application shows it: keygate's {@link AdminBootstrap} makes sure the platform
 * organization has an active admin key, owned by the service account {@value AdminBootstrap#ACCOUNT_ID} (the
 * operator's key if one is given, else a generated one); this class prints a generated key once to standard output
 * as {@value #ANNOUNCEMENT}{@code <key>}, warns when a given key goes unused, and names the operator's setting in
 * every message. {@link KeygateListener} and the sample both run it: one bootstrap.
 */
public final class BootstrapAdminKey {

    /** The line a generated key is printed on, followed by the key. */
    public static final String ANNOUNCEMENT = "keygate: bootstrap admin key (shown once): ";
    public static final String ACCOUNT_ID = AdminBootstrap.ACCOUNT_ID;
    public static final String KEY_NAME = AdminBootstrap.KEY_NAME;

    private static final System.Logger LOG = System.getLogger(BootstrapAdminKey.class.getName());

    private final AdminBootstrap bootstrap;

    public BootstrapAdminKey(AdminBootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap cannot be null");
    }

    /**
     * Checks an operator-given bootstrap key (null passes) without showing it.
     *
     * @param name how the operator set it ({@code KEYGATE_BOOTSTRAP_KEY}, {@code keygate.bootstrap.key}), for the
     *             message
     * @throws IllegalArgumentException saying why it is unusable
     */
    public static void checkKey(String name, String bootstrapKey, KeyFormat format) {
        try {
            AdminBootstrap.checkKey(bootstrapKey, format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(named(name, e.getMessage())
                    + ". Unset it to have a key generated and printed once.", e);
        }
    }

    /**
     * Ensures an active admin key of the platform organization exists.
     *
     * @param name         how the operator sets the key, for messages
     * @param bootstrapKey the operator's key, or null to generate one
     * @param out          where a generated key is announced (standard output)
     * @return the key created, or empty when an admin key existed
     * @throws IllegalArgumentException if the given key is malformed, or stored already but not an active admin key
     */
    public Optional<ApiKey> ensureAdmin(String name, String bootstrapKey, PrintStream out) {
        AdminBootstrap.Result result;
        try {
            result = bootstrap.ensureAdmin(bootstrapKey);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(named(name, e.getMessage()), e);
        }
        if (result instanceof AdminBootstrap.Existing existing) {
            if (existing.givenKeyUnused()) {
                // an operator who set the key expects it to work: say why it does not
                LOG.log(Level.WARNING, name + " is not used: the platform organization already has an active admin "
                        + "key, and the bootstrap key is only created when it has none");
            }
            return Optional.empty();
        }
        if (result instanceof AdminBootstrap.Generated generated) {
            out.println(ANNOUNCEMENT + generated.key().plaintext());
            out.flush();
            return Optional.of(generated.key().key());
        }
        ApiKey imported = ((AdminBootstrap.Imported) result).key();
        LOG.log(Level.INFO, "keygate: bootstrap admin key " + imported.id() + " (" + imported.redacted()
                + ") stored from " + name);
        return Optional.of(imported);
    }

    /** keygate's words ("the bootstrap key is ...") with the operator's setting: "KEYGATE_BOOTSTRAP_KEY is ...". */
    private static String named(String name, String message) {
        String generic = "the bootstrap key";
        return message.startsWith(generic) ? name + message.substring(generic.length()) : name + ": " + message;
    }
}
