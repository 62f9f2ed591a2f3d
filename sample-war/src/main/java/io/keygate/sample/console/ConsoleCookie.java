package io.keygate.sample.console;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The session cookie: {@code keygate_console=<session id>; Path=<context>/console; HttpOnly; SameSite=Strict}, plus
 * {@code Secure} when the request came over HTTPS. Written as a raw {@code Set-Cookie} header because the Servlet
 * API's {@link Cookie} setters differ between containers for {@code SameSite}. Its value is random: nothing in it
 * derives from the key. No {@code Max-Age}: it ends with the browser, or earlier with the server-side session.
 */
final class ConsoleCookie {

    static final String NAME = "keygate_console";

    private ConsoleCookie() {
    }

    /** The session id the request presents, or null. */
    static String read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (NAME.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    static void set(HttpServletRequest request, HttpServletResponse response, String sessionId) {
        response.addHeader("Set-Cookie", NAME + "=" + sessionId + attributes(request));
    }

    /** Tells the browser to drop the cookie. */
    static void clear(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader("Set-Cookie", NAME + "=; Max-Age=0" + attributes(request));
    }

    private static String attributes(HttpServletRequest request) {
        return "; Path=" + request.getContextPath() + "/console; HttpOnly; SameSite=Strict"
                + (request.isSecure() ? "; Secure" : "");
    }
}
