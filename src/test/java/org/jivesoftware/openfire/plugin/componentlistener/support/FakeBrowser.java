package org.jivesoftware.openfire.plugin.componentlistener.support;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * The browser's side of admin page requests, for page-model tests without a servlet container: it keeps the
 * cookies the pages set and one session, and a POST sends back the CSRF token of the last page shown.
 */
public final class FakeBrowser {
    private final Map<String, String> cookies = new HashMap<>();
    private final Map<String, Object> sessionAttributes = new HashMap<>();
    private final HttpSession session = mock(HttpSession.class);

    public FakeBrowser() {
        when(session.getAttribute(anyString())).thenAnswer(call -> sessionAttributes.get(call.<String>getArgument(0)));
        doAnswer(call -> sessionAttributes.put(call.getArgument(0), call.getArgument(1)))
            .when(session).setAttribute(anyString(), any());
        doAnswer(call -> sessionAttributes.remove(call.<String>getArgument(0)))
            .when(session).removeAttribute(anyString());
    }

    public HttpServletRequest get(Map<String, String> params) {
        return request("GET", params);
    }

    /** A POST carrying the token of the last page shown, as a form of that page does. */
    public HttpServletRequest post(Map<String, String> params) {
        Map<String, String> withToken = new HashMap<>(params);
        withToken.putIfAbsent("csrf", cookies.getOrDefault("csrf", ""));
        return request("POST", withToken);
    }

    /** A POST with exactly these parameters (a forged one has no or a wrong token). */
    public HttpServletRequest postWithout(Map<String, String> params) {
        return request("POST", params);
    }

    /** The response: keeps the cookies the page sets. */
    public HttpServletResponse response() {
        HttpServletResponse response = mock(HttpServletResponse.class);
        doAnswer(call -> {
            Cookie cookie = call.getArgument(0);
            cookies.put(cookie.getName(), cookie.getValue());
            return null;
        }).when(response).addCookie(any());
        return response;
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    private HttpServletRequest request(String method, Map<String, String> params) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getParameter(anyString())).thenAnswer(call -> params.get(call.<String>getArgument(0)));
        when(request.getContextPath()).thenReturn("");
        Cookie[] sent = cookies.entrySet().stream().map(c -> new Cookie(c.getKey(), c.getValue()))
            .toArray(Cookie[]::new);
        when(request.getCookies()).thenReturn(sent);
        when(request.getSession(false)).thenReturn(session);
        when(request.getSession(true)).thenReturn(session);
        when(request.getSession()).thenReturn(session);
        return request;
    }
}
