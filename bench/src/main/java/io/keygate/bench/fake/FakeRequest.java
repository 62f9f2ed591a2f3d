package io.keygate.bench.fake;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;

import java.io.BufferedReader;
import java.security.Principal;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A minimal, hand-written {@link HttpServletRequest} for measuring {@code ApiKeyAuthFilter.doFilter} without a
 * container and without a mocking library in the measured path: a GET with at most one {@code Authorization}
 * header, a fixed path and remote address. Everything the filter does not read throws, so a benchmark can never
 * silently measure a path that depends on a method left out here.
 *
 * <p>Not thread-safe: one instance per benchmark thread.
 */
public final class FakeRequest implements HttpServletRequest {

    private final String method;
    private final String servletPath;
    private final String remoteAddr;
    private String authorization;
    private final Map<String, Object> attributes = new HashMap<>();

    public FakeRequest(String method, String servletPath, String remoteAddr, String authorization) {
        this.method = Objects.requireNonNull(method, "method cannot be null");
        this.servletPath = Objects.requireNonNull(servletPath, "servletPath cannot be null");
        this.remoteAddr = Objects.requireNonNull(remoteAddr, "remoteAddr cannot be null");
        this.authorization = authorization;
    }

    /** Replaces the {@code Authorization} header (null removes it). */
    public void authorization(String value) {
        this.authorization = value;
    }

    private static boolean isAuthorization(String name) {
        return "Authorization".equalsIgnoreCase(name);
    }

    @Override
    public String getHeader(String name) {
        return isAuthorization(name) ? authorization : null;
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (isAuthorization(name) && authorization != null) {
            return Collections.enumeration(java.util.List.of(authorization));
        }
        return Collections.emptyEnumeration();
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return authorization == null ? Collections.emptyEnumeration()
                : Collections.enumeration(java.util.List.of("Authorization"));
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public String getServletPath() {
        return servletPath;
    }

    @Override
    public String getPathInfo() {
        return null;
    }

    @Override
    public String getContextPath() {
        return "";
    }

    @Override
    public String getQueryString() {
        return null;
    }

    @Override
    public String getRequestURI() {
        return servletPath;
    }

    @Override
    public StringBuffer getRequestURL() {
        return new StringBuffer("http://localhost").append(servletPath);
    }

    @Override
    public String getRemoteAddr() {
        return remoteAddr;
    }

    @Override
    public String getRemoteHost() {
        return remoteAddr;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(attributes.keySet());
    }

    @Override
    public void setAttribute(String name, Object o) {
        attributes.put(name, o);
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    @Override
    public String getAuthType() {
        return null;
    }

    @Override
    public Principal getUserPrincipal() {
        return null;
    }

    @Override
    public String getRemoteUser() {
        return null;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public String getScheme() {
        return "http";
    }

    @Override
    public String getProtocol() {
        return "HTTP/1.1";
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public String getCharacterEncoding() {
        return null;
    }

    @Override
    public int getContentLength() {
        return -1;
    }

    @Override
    public long getContentLengthLong() {
        return -1;
    }

    @Override
    public String getContentType() {
        return null;
    }

    @Override
    public Locale getLocale() {
        return Locale.ROOT;
    }

    @Override
    public Enumeration<Locale> getLocales() {
        return Collections.enumeration(java.util.List.of(Locale.ROOT));
    }

    @Override
    public String getServerName() {
        return "localhost";
    }

    @Override
    public int getServerPort() {
        return 80;
    }

    @Override
    public int getRemotePort() {
        return 40000;
    }

    @Override
    public String getLocalName() {
        return "localhost";
    }

    @Override
    public String getLocalAddr() {
        return "127.0.0.1";
    }

    @Override
    public int getLocalPort() {
        return 80;
    }

    @Override
    public boolean isAsyncStarted() {
        return false;
    }

    @Override
    public boolean isAsyncSupported() {
        return false;
    }

    @Override
    public String getRequestId() {
        return "0";
    }

    @Override
    public String getProtocolRequestId() {
        return "";
    }

    // ---- not read by the filter: fail loudly rather than measure a made-up answer ----

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("FakeRequest does not support " + what);
    }

    @Override
    public Cookie[] getCookies() {
        throw unsupported("getCookies");
    }

    @Override
    public long getDateHeader(String name) {
        throw unsupported("getDateHeader");
    }

    @Override
    public int getIntHeader(String name) {
        throw unsupported("getIntHeader");
    }

    @Override
    public String getPathTranslated() {
        throw unsupported("getPathTranslated");
    }

    @Override
    public String getRequestedSessionId() {
        throw unsupported("getRequestedSessionId");
    }

    @Override
    public HttpSession getSession(boolean create) {
        throw unsupported("getSession");
    }

    @Override
    public HttpSession getSession() {
        throw unsupported("getSession");
    }

    @Override
    public String changeSessionId() {
        throw unsupported("changeSessionId");
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        throw unsupported("isRequestedSessionIdValid");
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        throw unsupported("isRequestedSessionIdFromCookie");
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        throw unsupported("isRequestedSessionIdFromURL");
    }

    @Override
    public boolean authenticate(HttpServletResponse response) {
        throw unsupported("authenticate");
    }

    @Override
    public void login(String username, String password) {
        throw unsupported("login");
    }

    @Override
    public void logout() {
        throw unsupported("logout");
    }

    @Override
    public Collection<Part> getParts() {
        throw unsupported("getParts");
    }

    @Override
    public Part getPart(String name) {
        throw unsupported("getPart");
    }

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) {
        throw unsupported("upgrade");
    }

    @Override
    public void setCharacterEncoding(String env) {
        throw unsupported("setCharacterEncoding");
    }

    @Override
    public ServletInputStream getInputStream() {
        throw unsupported("getInputStream");
    }

    @Override
    public String getParameter(String name) {
        throw unsupported("getParameter (the filter must read the raw query string only)");
    }

    @Override
    public Enumeration<String> getParameterNames() {
        throw unsupported("getParameterNames");
    }

    @Override
    public String[] getParameterValues(String name) {
        throw unsupported("getParameterValues");
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        throw unsupported("getParameterMap");
    }

    @Override
    public BufferedReader getReader() {
        throw unsupported("getReader");
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        throw unsupported("getRequestDispatcher");
    }

    @Override
    public ServletContext getServletContext() {
        throw unsupported("getServletContext");
    }

    @Override
    public AsyncContext startAsync() {
        throw unsupported("startAsync");
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
        throw unsupported("startAsync");
    }

    @Override
    public AsyncContext getAsyncContext() {
        throw unsupported("getAsyncContext");
    }

    @Override
    public ServletConnection getServletConnection() {
        throw unsupported("getServletConnection");
    }
}
