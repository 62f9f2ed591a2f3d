package io.keygate.sample.config;

/**
 * The sample cannot start with this configuration. The message says which setting is wrong and why, and never
 * contains a secret (key or password).
 */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
