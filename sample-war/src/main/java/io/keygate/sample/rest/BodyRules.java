package io.keygate.sample.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * What every request body must be before Jackson reads it: at most {@value #MAX_BYTES} bytes (413, also for a
 * chunked body, counted while it is read) and, when a charset is declared, UTF-8 (415). The media type itself is
 * checked by each method's {@code @Consumes(APPLICATION_JSON)}.
 */
@Provider
public final class BodyRules implements ReaderInterceptor {

    /** 64 KiB: far above any valid request (a 10,000-character message and 10 URLs). */
    public static final int MAX_BYTES = 64 * 1024;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        String declared = context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && isOverLimit(declared)) {
            throw Errors.tooLarge(MAX_BYTES);
        }
        MediaType type = context.getMediaType();
        String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !isUtf8(charset)) {
            throw Errors.unsupportedMediaType("the request body must be UTF-8, was charset "
                    + JsonErrorMapper.printable(charset));
        }
        context.setInputStream(new Bounded(context.getInputStream()));
        try {
            return context.proceed();
        } catch (TooLarge e) {
            throw Errors.tooLarge(MAX_BYTES);
        }
    }

    private static boolean isOverLimit(String declared) {
        try {
            return Long.parseLong(declared.trim()) > MAX_BYTES;
        } catch (NumberFormatException e) {
            return false; // the container has already refused a malformed Content-Length
        }
    }

    private static boolean isUtf8(String charset) {
        String c = charset.replace("\"", "").trim().toLowerCase(Locale.ROOT);
        return c.equals("utf-8") || c.equals("utf8");
    }

    /** Thrown by {@link Bounded} past the limit; an IOException, so Jackson passes it through unwrapped. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("request body over " + MAX_BYTES + " bytes", null);
        }
    }

    /** Counts what is read and fails once more than {@link #MAX_BYTES} arrived. */
    private static final class Bounded extends FilterInputStream {
        private long count;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws TooLarge {
            count += n;
            if (count > MAX_BYTES) {
                throw new TooLarge();
            }
        }
    }
}
