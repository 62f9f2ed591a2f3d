package io.keygate.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options with defaults, for the run mains. */
public final class Args {

    private final Map<String, String> values = new HashMap<>();

    public Args(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("arguments are --name value pairs; '" + args[i] + "' is not");
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    public int integer(String name, int defaultValue) {
        String v = values.get(name);
        try {
            return v == null ? defaultValue : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is wrong value for --" + name + ", because it must be a "
                    + "whole number");
        }
    }

    public String text(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }
}
