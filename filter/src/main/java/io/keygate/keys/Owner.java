package io.keygate.keys;

import java.util.Objects;

/** Who a key belongs to: a user or a service account (a non-human identity for scripts and integrations). */
public record Owner(Type type, String id) {

    public enum Type {
        USER("user"), SERVICE_ACCOUNT("service_account");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Type fromWireName(String value) {
            for (Type t : values()) {
                if (t.wireName.equals(value)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("owner type must be 'user' or 'service_account'");
        }
    }

    public Owner {
        Objects.requireNonNull(type, "type cannot be null");
        Objects.requireNonNull(id, "id cannot be null");
    }

    public static Owner user(String id) {
        return new Owner(Type.USER, id);
    }

    public static Owner serviceAccount(String id) {
        return new Owner(Type.SERVICE_ACCOUNT, id);
    }
}
