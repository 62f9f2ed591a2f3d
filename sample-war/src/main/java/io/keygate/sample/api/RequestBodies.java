package io.keygate.sample.api;

import jakarta.servlet.http.HttpServletRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads JSON request bodies defensively: bounded size (413 beyond {@link #MAX_BYTES}), {@code application/json}
 * only (415), strict UTF-8 (400 on malformed bytes), then {@link JsonCodec} for the shape.
 */
public final class RequestBodies {

    /** 64 KiB: far above any valid request (a 10,000-character message and 10 URLs). */
    public static final int MAX_BYTES = 64 * 1024;

    private RequestBodies() {
    }

    /**
     * The body bound to {@code type}, or {@code null} when the body is empty and {@code optional}.
     *
     * @throws ApiException 400, 413 or 415 for every client mistake
     */
    public static <T> T read(HttpServletRequest request, Class<T> type, boolean optional) {
        long declared = request.getContentLengthLong();
        if (declared > MAX_BYTES) {
            throw ApiException.tooLarge(MAX_BYTES);
        }
        byte[] bytes = readBounded(request);
        if (bytes.length == 0 || isBlank(bytes)) {
            if (optional) {
                return null;
            }
            throw ApiException.invalid("body: a JSON object is required");
        }
        checkContentType(request.getContentType());
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.invalid("body: the request body is not valid UTF-8");
        }
        return JsonCodec.read(text, type);
    }

    static void checkContentType(String contentType) {
        if (contentType == null) {
            throw ApiException.unsupportedMediaType("Content-Type must be application/json");
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw ApiException.unsupportedMediaType("Content-Type must be application/json, was " + sanitize(mediaType));
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=")) {
                String charset = parameter.substring("charset=".length()).replace("\"", "").trim();
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    throw ApiException.unsupportedMediaType("the request body must be UTF-8, was charset "
                            + sanitize(charset));
                }
            }
        }
    }

    private static byte[] readBounded(HttpServletRequest request) {
        try (InputStream in = request.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > MAX_BYTES) {
                    throw ApiException.tooLarge(MAX_BYTES);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.invalid("body: the request body could not be read");
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** Client text echoed in an error: printable ASCII only, and short. */
    static String sanitize(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 64; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
