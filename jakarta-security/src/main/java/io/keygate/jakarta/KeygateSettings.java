package io.keygate.jakarta;

import io.keygate.http.AuthSettings;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the mechanism's {@link AuthSettings} come from, first match wins:
 * <ol>
 *   <li>an {@code AuthSettings} CDI bean of the application ({@code @Produces AuthSettings settings()}, built with
 *       {@link AuthSettings#builder()});</li>
 *   <li>MicroProfile Config, when the server has it: the filter's init-param names under {@value #PREFIX}, e.g.
 *       {@code keygate.auth.exclude-paths=/api/health} in {@code META-INF/microprofile-config.properties}, a system
 *       property, or the environment variable {@code KEYGATE_AUTH_EXCLUDE_PATHS};</li>
 *   <li>the filter's defaults.</li>
 * </ol>
 * A bad value, or an unknown name under {@value #PREFIX}, fails the deployment with a message naming the key, the
 * value and the rule.
 */
public final class KeygateSettings {

    /** Prefix of the MicroProfile Config keys: {@code keygate.auth.<init-param name>}. */
    public static final String PREFIX = "keygate.auth.";

    private static final String MICROPROFILE_CONFIG = "org.eclipse.microprofile.config.ConfigProvider";

    private KeygateSettings() {
    }

    /** The settings and a few words on where they came from, for the start-up log line. */
    public record Resolved(AuthSettings settings, String source) {
    }

    /**
     * @param bean        the application's {@code AuthSettings} bean, if it has one
     * @param classLoader the application's class loader, to find MicroProfile Config and the application's config
     * @throws IllegalArgumentException naming the key, the value and the rule
     */
    public static Resolved resolve(Optional<Supplier<AuthSettings>> bean, ClassLoader classLoader) {
        if (bean.isPresent()) {
            return new Resolved(bean.get().get(), "the application's AuthSettings bean");
        }
        if (microProfileConfigPresent(classLoader)) {
            Map<String, String> values;
            try {
                values = MicroProfileSettings.read(classLoader, PREFIX);
            } catch (IllegalStateException e) {
                // the API without an implementation behind it: there is no MicroProfile Config to read
                return new Resolved(AuthSettings.defaults(), "defaults (MicroProfile Config API without an "
                        + "implementation: " + e.getMessage() + ")");
            }
            return new Resolved(fromProperties(values), "MicroProfile Config (" + PREFIX + "*)");
        }
        return new Resolved(AuthSettings.defaults(), "defaults (no AuthSettings bean, no MicroProfile Config)");
    }

    /**
     * Builds settings from {@code keygate.auth.*} values keyed by their name without the prefix.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule
     */
    static AuthSettings fromProperties(Map<String, String> values) {
        try {
            return AuthSettings.fromInitParams(values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("keygate-jakarta-security: configuration " + PREFIX + "*: "
                    + e.getMessage(), e);
        }
    }

    static boolean microProfileConfigPresent(ClassLoader classLoader) {
        try {
            Class.forName(MICROPROFILE_CONFIG, false, classLoader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
