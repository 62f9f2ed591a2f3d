package io.keygate.sample.rest;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Bean Validation of a request (its body record, its query parameters): each violated constraint becomes
 * {@code <wire path>: <message>} in the 400's {@code detail} ({@code human_msg: size must be between 1 and 10000},
 * {@code file_urls[1]: must be an absolute http or https URL}, {@code size: must be less than or equal to 100}),
 * sorted, joined with {@code "; "}. Any other {@link ValidationException} is a broken constraint declaration: a
 * 500, logged.
 */
@Provider
public final class ValidationErrorMapper implements ExceptionMapper<ValidationException> {

    /** The name every resource method gives its request body parameter. */
    public static final String BODY = "body";
    private static final System.Logger LOG = System.getLogger(ValidationErrorMapper.class.getName());

    @Override
    public Response toResponse(ValidationException e) {
        if (e instanceof ConstraintViolationException violations) {
            return Errors.response(400, Errors.INVALID_REQUEST, detail(violations.getConstraintViolations()));
        }
        LOG.log(Level.ERROR, "keygate sample: request validation failed to run", e);
        return Errors.internalError();
    }

    public static String detail(Collection<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .map(v -> path(v.getPropertyPath()) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
    }

    /**
     * The wire path of a violation: the method dropped, parameters and properties in snake_case (the Java names
     * are the camelCase of the wire's: the build compiles with {@code -parameters}), element indexes in brackets.
     * The request body parameter, {@value #BODY}, is dropped when a field inside it is named.
     */
    static String path(Path path) {
        List<StringBuilder> segments = new ArrayList<>();
        for (Path.Node node : path) {
            if (node.isInIterable() && !segments.isEmpty()) {
                Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
                segments.get(segments.size() - 1).append('[').append(at).append(']');
            }
            String name = switch (node.getKind()) {
                case PROPERTY, PARAMETER -> JsonSupport.NAMING.translate(node.getName());
                default -> null;
            };
            if (name != null) {
                segments.add(new StringBuilder(name));
            }
        }
        if (segments.size() > 1 && segments.get(0).toString().equals(BODY)) {
            segments.remove(0);
        }
        return segments.isEmpty() ? BODY : String.join(".", segments);
    }
}
