package io.keygate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a package of keygate is to applications and to keygate's other modules. Every package says it in its
 * {@code package-info.java}; an architecture test keeps other modules away from {@link Role#INTERNAL} packages.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface PackageRole {

    Role[] value();

    enum Role {
        /** Types to use: stable across minor versions. */
        API,
        /** Interfaces to implement (stores, plan resolvers, limiters, listeners): stable across minor versions. */
        SPI,
        /** Neither: may change in any release; no other module may import it. */
        INTERNAL
    }
}
