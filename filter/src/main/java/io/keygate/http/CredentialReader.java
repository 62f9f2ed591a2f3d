package io.keygate.http;

import io.keygate.verify.Credential;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

/**
 * Reads what the engine decides on from a servlet request: the credential (steps 2 and 3 of the contract's
 * order: a key in the URL, then {@code Authorization: Bearer <token>}), the client address and the path.
 */
final class CredentialReader {

    private static final String BEARER = "Bearer";

    private final Set<String> keyQueryParams;
    private final String clientAddressHeader;

    CredentialReader(HttpSettings settings) {
        this.keyQueryParams = settings.keyQueryParams();
        this.clientAddressHeader = settings.clientAddressHeader();
    }

    Credential read(HttpServletRequest request) {
        if (keyInQuery(request.getQueryString())) {
            return Credential.KEY_IN_URL;
        }
        Enumeration<String> headers = request.getHeaders("Authorization");
        if (headers == null || !headers.hasMoreElements()) {
            return Credential.MISSING;
        }
        String header = headers.nextElement();
        if (headers.hasMoreElements()) {
            return Credential.MALFORMED;
        }
        String token = bearerToken(header);
        return token == null ? Credential.MALFORMED : new Credential.Bearer(token);
    }

    /** The token of {@code Bearer <token>} (scheme case-insensitive), or null when malformed. */
    static String bearerToken(String header) {
        if (header == null || header.length() <= BEARER.length() + 1
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.charAt(BEARER.length()) != ' ') {
            return null;
        }
        int start = BEARER.length() + 1;
        while (start < header.length() && header.charAt(start) == ' ') {
            start++;
        }
        int end = header.length();
        while (end > start && header.charAt(end - 1) == ' ') {
            end--;
        }
        if (end == start || end - start > Credential.MAX_JWS_LENGTH
                || end - start > Credential.MAX_TOKEN_LENGTH && header.indexOf('.', start) < 0) {
            // API keys up to 256 characters; a JWS (it has a dot, keys never do) up to 2048
            return null;
        }
        for (int i = start; i < end; i++) {
            char c = header.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return null;
            }
        }
        return header.substring(start, end);
    }

    /**
     * Whether the raw query string names one of the key parameters. Reads the query string itself, never
     * {@code getParameter}, which would consume a form body the application may want to read.
     */
    boolean keyInQuery(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        int pos = 0;
        while (pos <= query.length()) {
            int amp = query.indexOf('&', pos);
            int end = amp < 0 ? query.length() : amp;
            int eq = query.indexOf('=', pos);
            int nameEnd = eq >= 0 && eq < end ? eq : end;
            if (nameEnd > pos) {
                String name = query.substring(pos, nameEnd);
                try {
                    name = URLDecoder.decode(name, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    // undecodable: compare it as it is
                }
                if (keyQueryParams.contains(name.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
            if (amp < 0) {
                break;
            }
            pos = amp + 1;
        }
        return false;
    }

    /** The address failed attempts are counted against: the proxy's header's last entry when configured. */
    String clientAddress(HttpServletRequest request) {
        if (clientAddressHeader != null) {
            String value = request.getHeader(clientAddressHeader);
            if (value != null && !value.isBlank()) {
                // the last entry is the one our own proxy appended; earlier ones are the client's to forge
                int comma = value.lastIndexOf(',');
                String last = (comma < 0 ? value : value.substring(comma + 1)).trim();
                if (!last.isEmpty() && last.length() <= 64) {
                    return last;
                }
            }
        }
        return request.getRemoteAddr();
    }

    /** Servlet path plus path info: decoded and normalized by the container, without the context path. */
    static String pathInApplication(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        if (pathInfo == null) {
            return servletPath == null || servletPath.isEmpty() ? "/" : servletPath;
        }
        if (servletPath == null || servletPath.isEmpty()) {
            // a filter mapped under a servlet at /*: the path info is the whole path, no concatenation needed
            return pathInfo.isEmpty() ? "/" : pathInfo;
        }
        return servletPath + pathInfo;
    }
}
