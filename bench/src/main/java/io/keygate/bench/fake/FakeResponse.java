package io.keygate.bench.fake;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal, hand-written {@link HttpServletResponse}: keeps status, content type and one value per header, and
 * counts body bytes without keeping them. {@link #clear()} readies it for the next invocation without allocating.
 * Header names are stored as given (lookups fall back to a case-insensitive scan), so the fake adds as little as
 * possible to what the filter itself costs.
 *
 * <p>Not thread-safe: one instance per benchmark thread.
 */
public final class FakeResponse implements HttpServletResponse {

    private final Map<String, String> headers = new HashMap<>();
    private int status = SC_OK;
    private String contentType;
    private String characterEncoding = "ISO-8859-1";
    private long bodyBytes;
    private boolean committed;

    private final ServletOutputStream out = new ServletOutputStream() {
        @Override
        public void write(int b) {
            bodyBytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bodyBytes += len;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {
            throw new UnsupportedOperationException("FakeResponse does not support async writes");
        }
    };

    /** Forgets status, headers and body count. */
    public void clear() {
        headers.clear();
        status = SC_OK;
        contentType = null;
        bodyBytes = 0;
        committed = false;
    }

    public long bodyBytes() {
        return bodyBytes;
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void setHeader(String name, String value) {
        headers.put(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        headers.merge(name, value, (a, b) -> a + ", " + b);
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, Long.toString(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, Long.toString(date));
    }

    @Override
    public boolean containsHeader(String name) {
        return getHeader(name) != null;
    }

    @Override
    public String getHeader(String name) {
        String exact = headers.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public Collection<String> getHeaders(String name) {
        String v = getHeader(name);
        return v == null ? List.of() : List.of(v);
    }

    @Override
    public Collection<String> getHeaderNames() {
        return new ArrayList<>(headers.keySet());
    }

    @Override
    public void sendError(int sc, String msg) {
        status = sc;
        committed = true;
    }

    @Override
    public void sendError(int sc) {
        sendError(sc, null);
    }

    @Override
    public String getCharacterEncoding() {
        return characterEncoding;
    }

    @Override
    public void setCharacterEncoding(String charset) {
        characterEncoding = charset;
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public void setContentType(String type) {
        contentType = type;
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        headers.put("Content-Length", Long.toString(len));
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return out;
    }

    @Override
    public PrintWriter getWriter() {
        return new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    @Override
    public void setBufferSize(int size) {
    }

    @Override
    public int getBufferSize() {
        return 8192;
    }

    @Override
    public void flushBuffer() {
        committed = true;
    }

    @Override
    public void resetBuffer() {
        bodyBytes = 0;
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    @Override
    public void reset() {
        clear();
    }

    @Override
    public void setLocale(Locale loc) {
    }

    @Override
    public Locale getLocale() {
        return Locale.ROOT;
    }

    // ---- not used by the filter ----

    @Override
    public void addCookie(Cookie cookie) {
        throw new UnsupportedOperationException("FakeResponse does not support cookies");
    }

    @Override
    public String encodeURL(String url) {
        return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }

    @Override
    public void sendRedirect(String location) {
        throw new UnsupportedOperationException("FakeResponse does not support redirects");
    }
}
