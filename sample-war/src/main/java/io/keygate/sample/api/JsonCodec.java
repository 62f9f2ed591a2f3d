package io.keygate.sample.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.util.List;

/**
 * The one configured Jackson mapper and the translation of its errors into 400 answers that name the field.
 *
 * <p>Strict on purpose: unknown fields, duplicate fields, trailing data, and any type coercion (a number where a
 * string belongs, {@code "5"} or {@code 5.5} where an integer belongs) are rejected, so that a client's mistake is
 * reported rather than silently reinterpreted. Request DTOs are records with camelCase components; the wire uses
 * snake_case.
 */
public final class JsonCodec {

    private static final ObjectMapper MAPPER = build();
    private static final String DUPLICATE = "Duplicate field '";

    private JsonCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper build() {
        // buffers from a shared pool instead of ThreadLocals: nothing of this web application stays attached to
        // the container's threads after undeploy (Tomcat would report a ThreadLocal leak)
        JsonFactory factory = JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        // a number or boolean where a string belongs is a mistake, not text
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Binds a JSON text to {@code type}.
     *
     * @throws ApiException 400 naming the field for every kind of client mistake
     */
    public static <T> T read(String json, Class<T> type) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw ApiException.invalid("the request body must be a JSON object, not null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.invalid(path(e) + ": unknown field");
        } catch (MismatchedInputException e) {
            String original = e.getOriginalMessage();
            if (original != null && original.startsWith("Trailing token")) {
                throw ApiException.invalid("malformed JSON: data after the end of the JSON object" + location(e));
            }
            throw ApiException.invalid(describeMismatch(e));
        } catch (JsonMappingException e) {
            throw ApiException.invalid(e.getPath().isEmpty() ? "the request body does not match the expected shape"
                    : path(e) + ": wrong type or value");
        } catch (InputCoercionException e) {
            throw ApiException.invalid(fieldOf(e) + "number out of range");
        } catch (JsonProcessingException e) {
            String original = e.getOriginalMessage();
            int nameEnd = original == null ? -1 : original.indexOf('\'', DUPLICATE.length());
            if (original != null && original.startsWith(DUPLICATE) && nameEnd > DUPLICATE.length()) {
                // names only the field (as the client wrote it), never a value
                String name = original.substring(DUPLICATE.length(), nameEnd);
                throw ApiException.invalid(RequestBodies.sanitize(name) + ": duplicate field");
            }
            // the parser's own message quotes the offending input, which may be a secret: say only where it broke
            throw ApiException.invalid("malformed JSON" + location(e));
        } catch (IOException e) {
            throw ApiException.invalid("the request body cannot be read as JSON");
        }
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
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
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
    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    private static String fieldOf(InputCoercionException e) {
        try {
            JsonParser p = (JsonParser) e.getProcessor();
            String name = p == null ? null : p.currentName();
            return name == null ? "" : name + ": ";
        } catch (IOException | RuntimeException ignored) {
            return "";
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize response", e);
        }
    }
}
