package io.keygate.jakarta;

import io.keygate.http.AuthSettings;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code keygate.auth.*} from MicroProfile Config. The only class that names MicroProfile types: it is
 * loaded only after {@link KeygateSettings} has found MicroProfile Config on the application's class path.
 */
final class MicroProfileSettings {

    private MicroProfileSettings() {
    }

    /** Values keyed by their name without the prefix; unknown names under the prefix are kept, to be refused. */
    static Map<String, String> read(ClassLoader classLoader, String prefix) {
        Config config = ConfigProvider.getConfig(classLoader);
        Map<String, String> values = new TreeMap<>();
        // known names are looked up one by one, so environment variables (KEYGATE_AUTH_REALM) count too
        for (String name : AuthSettings.PARAMETERS) {
            config.getOptionalValue(prefix + name, String.class).ifPresent(v -> values.put(name, v));
        }
        for (String key : config.getPropertyNames()) {
            if (key.startsWith(prefix) && !values.containsKey(key.substring(prefix.length()))) {
                values.put(key.substring(prefix.length()), config.getOptionalValue(key, String.class).orElse(""));
            }
        }
        return values;
    }
}
