package io.keygate.sample.config;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The console's session rules (contract §9), part of {@link SampleConfig}. Like its other settings, each comes from a system
 * property or an environment variable, the property winning; a bad value fails the deployment with a message naming
 * the setting, the value and the rule.
 *
 * <table>
 * <tr><th>environment</th><th>system property</th><th>default</th></tr>
 * <tr><td>KEYGATE_CONSOLE_IDLE_SECONDS</td><td>keygate.console.idle-seconds</td><td>1800 (30 minutes without a
 * call ends a session)</td></tr>
 * <tr><td>KEYGATE_CONSOLE_MAX_SECONDS</td><td>keygate.console.max-seconds</td><td>28800 (8 hours after sign-in a
 * session ends, however busy)</td></tr>
 * </table>
 *
 * @param idleTimeout a session without a call for this long has ended
 * @param maxLifetime a session this old has ended
 * @param maxSessions how many sessions one node holds at most; beyond it the least recently used are forgotten (their
 *                    users sign in again), so a flood of sign-ins cannot exhaust memory
 */
public record ConsoleSettings(Duration idleTimeout, Duration maxLifetime, int maxSessions) {

    public static final String IDLE_SECONDS = "KEYGATE_CONSOLE_IDLE_SECONDS";
    public static final String IDLE_SECONDS_PROPERTY = "keygate.console.idle-seconds";
    public static final String MAX_SECONDS = "KEYGATE_CONSOLE_MAX_SECONDS";
    public static final String MAX_SECONDS_PROPERTY = "keygate.console.max-seconds";

    public static final long DEFAULT_IDLE_SECONDS = 30 * 60;
    public static final long DEFAULT_MAX_SECONDS = 8 * 60 * 60;
    public static final int DEFAULT_MAX_SESSIONS = 10_000;
    /** Longest setting accepted: a week. A console session is meant to be short-lived. */
    public static final long LIMIT_SECONDS = 7 * 24 * 60 * 60;

    public static final ConsoleSettings DEFAULTS = new ConsoleSettings(Duration.ofSeconds(DEFAULT_IDLE_SECONDS),
            Duration.ofSeconds(DEFAULT_MAX_SECONDS), DEFAULT_MAX_SESSIONS);

    public ConsoleSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout cannot be null");
        Objects.requireNonNull(maxLifetime, "maxLifetime cannot be null");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("console timeouts must be positive");
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1");
        }
    }

    /** Reads the process's system properties and environment. */
    public static ConsoleSettings fromSystem() {
        return from(System::getProperty, System::getenv);
    }

    /**
     * @param properties system-property lookup (wins)
     * @param environment environment-variable lookup
     * @throws ConfigurationException naming the setting, the value and the rule
     */
    public static ConsoleSettings from(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        Objects.requireNonNull(properties, "properties cannot be null");
        Objects.requireNonNull(environment, "environment cannot be null");
        long idle = seconds(IDLE_SECONDS, IDLE_SECONDS_PROPERTY, DEFAULT_IDLE_SECONDS, properties, environment);
        long max = seconds(MAX_SECONDS, MAX_SECONDS_PROPERTY, DEFAULT_MAX_SECONDS, properties, environment);
        return new ConsoleSettings(Duration.ofSeconds(idle), Duration.ofSeconds(max), DEFAULT_MAX_SESSIONS);
    }

    private static long seconds(String variable, String property, long fallback, UnaryOperator<String> properties,
                                UnaryOperator<String> environment) {
        String name = property;
        String value = properties.apply(property);
        if (value == null || value.isBlank()) {
            name = variable;
            value = environment.apply(variable);
        }
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String trimmed = value.trim();
        long seconds;
        try {
            seconds = Long.parseLong(trimmed);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1 || seconds > LIMIT_SECONDS) {
            throw new ConfigurationException("'" + trimmed + "' is wrong value for " + name + ", because it must be a "
                    + "whole number of seconds from 1 to " + LIMIT_SECONDS);
        }
        return seconds;
    }

    /** One line for the console's INFO line at start. */
    public String describe() {
        return "idle=" + idleTimeout.toSeconds() + "s, max=" + maxLifetime.toSeconds() + "s, sessions<=" + maxSessions;
    }
}
