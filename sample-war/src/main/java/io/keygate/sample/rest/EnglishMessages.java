package io.keygate.sample.rest;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.util.Locale;
import java.util.Set;

/**
 * Bean Validation messages without Jakarta Expression Language, always in Hibernate Validator's base (English)
 * bundle, whatever the JVM's locale. Declared in {@code META-INF/validation.xml}.
 *
 * <p>Why: Hibernate Validator's default interpolator needs an EL implementation. Tomcat ships one, Jetty 12 ee10
 * without its JSP module does not, and an EL inside the WAR would meet Tomcat's own (Tomcat always loads
 * {@code jakarta.el} from the server). Parameters such as {@code {min}} are still filled in; {@code ${...}}
 * expressions are not, and the sample's messages use none.
 */
public final class EnglishMessages extends ParameterMessageInterpolator {

    public EnglishMessages() {
        // Locale.ROOT: the base bundle itself, with no fallback to the JVM's default locale
        super(Set.of(Locale.ROOT), Locale.ROOT, context -> Locale.ROOT, false);
    }
}
