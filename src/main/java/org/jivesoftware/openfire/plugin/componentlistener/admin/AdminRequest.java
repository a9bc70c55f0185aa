package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * One request to an admin page: its parameters, Openfire's CSRF scheme (a random token in a {@code csrf} cookie,
 * renewed on every page shown, which every POST must send back as its {@code csrf} parameter, as Openfire's own
 * pages do), and a notice carried across the redirect that follows a change.
 */
final class AdminRequest {
    static final String CSRF = "csrf";
    private static final String NOTICE_ATTRIBUTE = "componentlistener.notice";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 12;

    private final HttpServletRequest request;
    private final HttpServletResponse response;

    AdminRequest(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    /** Only a POST may change anything. */
    boolean isPost() {
        return "POST".equalsIgnoreCase(request.getMethod());
    }

    /** The parameter, trimmed; empty when absent. */
    String param(String name) {
        String value = request.getParameter(name);
        return value == null ? "" : value.trim();
    }

    /** The parameter as sent (a password may begin or end with spaces); empty when absent. */
    String rawParam(String name) {
        String value = request.getParameter(name);
        return value == null ? "" : value;
    }

    /** True when the POST carries the token of the page it came from. */
    boolean csrfValid() {
        String sent = request.getParameter(CSRF);
        String expected = cookie(CSRF);
        return sent != null && expected != null && !expected.isEmpty() && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh token for the forms of the page about to be shown. */
    String issueCsrf() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        StringBuilder token = new StringBuilder();
        for (byte b : bytes) {
            token.append(String.format("%02x", b));
        }
        Cookie cookie = new Cookie(CSRF, token.toString());
        String path = request.getContextPath();
        cookie.setPath(path == null || path.isEmpty() ? "/" : path);
        cookie.setHttpOnly(true);
        cookie.setMaxAge(-1);
        response.addCookie(cookie);
        return token.toString();
    }

    private String cookie(String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (name.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    /** Keeps the notice for the next page this admin sees (the one the change redirects to). */
    void carry(Notice notice) {
        request.getSession(true).setAttribute(NOTICE_ATTRIBUTE, notice);
    }

    /** The notice a previous change left, once. */
    Notice takeNotice() {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        Notice notice = (Notice) session.getAttribute(NOTICE_ATTRIBUTE);
        session.removeAttribute(NOTICE_ATTRIBUTE);
        return notice;
    }

    void audit(AdminConsole console, String summary, String details) {
        console.openfire().audit(request, summary, details);
    }
}
