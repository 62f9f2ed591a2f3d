package io.keygate.sample.api;

import io.keygate.service.Texts;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text every supported database can store ({@link Texts#storable}: no NUL, no unpaired surrogate), so that such a
 * value is a 400 naming the field, not a database error (PostgreSQL refuses NUL; MariaDB unpaired surrogates).
 */
@Documented
@Constraint(validatedBy = StorableText.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface StorableText {

    String message() default Texts.STORABLE_RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Null is valid (use {@code @NotNull} where a value is required). */
    final class Validator implements ConstraintValidator<StorableText, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return Texts.storable(value);
        }
    }
}
