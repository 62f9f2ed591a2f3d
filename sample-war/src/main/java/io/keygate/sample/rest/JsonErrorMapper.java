package io.keygate.sample.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;

/**
 * A request body Jackson cannot bind: 400 {@code Invalid request} with a {@code detail} that names the field by
 * its wire path ({@code rate_limit.limit}, {@code file_urls[2]}) and what was wrong, or, for malformed JSON, only
 * the line and column: the parser's own message quotes the input, which may be a secret.
 */
@Provider
public final class JsonErrorMapper implements ExceptionMapper<JsonProcessingException> {

    private static final String DUPLICATE = "Duplicate field '";

    @Override
    public Response toResponse(JsonProcessingException e) {
        return Errors.response(400, Errors.INVALID_REQUEST, detail(e));
    }

    static String detail(JsonProcessingException e) {
        if (isMalformedUtf8(e)) {
            return "body: the request body is not valid UTF-8";
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return path(u) + ": unknown field";
        }
        if (e instanceof MismatchedInputException m) {
            String original = m.getOriginalMessage();
            if (original != null && original.startsWith("Trailing token")) {
                return "malformed JSON: data after the end of the JSON object" + location(m);
            }
            return describeMismatch(m);
        }
        if (e instanceof JsonMappingException m) {
            return m.getPath().isEmpty() ? "the request body does not match the expected shape"
                    : path(m) + ": wrong type or value";
        }
        String original = e.getOriginalMessage();
        int nameEnd = original == null ? -1 : original.indexOf('\'', DUPLICATE.length());
        if (original != null && original.startsWith(DUPLICATE) && nameEnd > DUPLICATE.length()) {
            // names only the field (as the client wrote it), never a value
            return printable(original.substring(DUPLICATE.length(), nameEnd)) + ": duplicate field";
        }
        return "malformed JSON" + location(e);
    }

    /** Bytes that are not UTF-8, found by the parser (and wrapped by databind when inside a value). */
    private static boolean isMalformedUtf8(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException p && p.getOriginalMessage() != null
                    && p.getOriginalMessage().startsWith("Invalid UTF-8")) {
                return true;
            }
        }
        return false;
    }

    private static String describeMismatch(MismatchedInputException e) {
        if (e.getPath().isEmpty()) {
            return "the request body must be a JSON object";
        }
        String expected = expectedType(e.getTargetType());
        return path(e) + (expected == null ? ": wrong type" : " must be " + expected);
    }

    private static String expectedType(Class<?> target) {
        if (target == null) {
            return null;
        }
        if (target == String.class) {
            return "a string";
        }
        if (target == Long.class || target == long.class || target == Integer.class || target == int.class) {
            return "an integer";
        }
        if (List.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        if (target.isRecord()) {
            return "an object";
        }
        return null;
    }

    /** {@code rate_limit.limit}, {@code file_urls[2]}: the wire path of the failing value. */
    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(printable(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** Client text echoed in an error (a field name): printable ASCII only, and short. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 64; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
