package io.keygate.sample.app;

import io.keygate.keys.ApiKey;
import io.keygate.keys.KeyFormat;
import io.keygate.sample.config.ConfigurationException;
import io.keygate.sample.config.SampleConfig;
import io.keygate.service.AdminBootstrap;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes sure someone can administer the sample, with keygate's {@link AdminBootstrap}: if the {@code platform}
 * organization has no active admin key, one is created, owned by the service account {@code sa_bootstrap}
 * ("Bootstrap") — the operator's {@code KEYGATE_BOOTSTRAP_KEY} if given, else a generated key printed once to
 * standard output as {@value #ANNOUNCEMENT}{@code <key>}. An expired or revoked last admin key therefore leads to a
 * new one on the next start (the recovery path for a lost admin key). This class only speaks the sample's language:
 * the announcement, the variable's name in messages, a {@link ConfigurationException} when the key cannot be used.
 */
public final class Bootstrap {

    public static final String ANNOUNCEMENT = "keygate: bootstrap admin key (shown once): ";

    private static final System.Logger LOG = System.getLogger(Bootstrap.class.getName());

    private final AdminBootstrap bootstrap;

    public Bootstrap(AdminBootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap cannot be null");
    }

    /**
     * Checks an operator-given bootstrap key before anything else starts.
     *
     * @throws ConfigurationException saying why the key is unusable, never showing it
     */
    public static void checkKey(String bootstrapKey, KeyFormat format) {
        try {
            AdminBootstrap.checkKey(bootstrapKey, format);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(named(e.getMessage()) + ". Unset it to have a key generated and printed once.",
                    e);
        }
    }

    /**
     * Ensures an active platform admin key exists.
     *
     * @param out where a generated key is announced (standard output)
     * @return the key created, or empty when an admin key existed
     */
    public Optional<ApiKey> ensureAdmin(String bootstrapKey, PrintStream out) {
        AdminBootstrap.Result result;
        try {
            result = bootstrap.ensureAdmin(bootstrapKey);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigurationException(named(e.getMessage()), e);
        }
        if (result instanceof AdminBootstrap.Existing existing) {
            if (existing.givenKeyUnused()) {
                // an operator who set the variable expects that key to work: say why it does not
                LOG.log(Level.WARNING, SampleConfig.BOOTSTRAP_KEY + " is not used: the platform organization already "
                        + "has an active admin key, and the bootstrap key is only created when it has none");
            }
            return Optional.empty();
        }
        if (result instanceof AdminBootstrap.Generated generated) {
            out.println(ANNOUNCEMENT + generated.key().plaintext());
            out.flush();
            return Optional.of(generated.key().key());
        }
        return Optional.of(((AdminBootstrap.Imported) result).key());
    }

    /** keygate's words ("the bootstrap key is ...") with the variable's name: "KEYGATE_BOOTSTRAP_KEY is ...". */
    private static String named(String message) {
        String generic = "the bootstrap key";
        return message.startsWith(generic) ? SampleConfig.BOOTSTRAP_KEY + message.substring(generic.length())
                : SampleConfig.BOOTSTRAP_KEY + ": " + message;
    }
}
