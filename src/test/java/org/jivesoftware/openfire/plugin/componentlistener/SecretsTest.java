package org.jivesoftware.openfire.plugin.componentlistener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ConsoleServer.type;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.handshakeDigest;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTextArea;
import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerManager;
import org.jivesoftware.openfire.plugin.componentlistener.support.ConsoleFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.ConsoleServer;
import org.jivesoftware.openfire.plugin.componentlistener.support.LogCapture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Ports;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.LoggerFactory;

/**
 * Secrets never appear in logs, exceptions or pages (issue 8 section 7). A whole run, failures included, with every
 * kind of secret: a listener's password, Openfire's secret for one subdomain and its default secret, each changed
 * while components are connected, typed into forms and pasted into the import. Everything that could show one is
 * searched: every log line at every level with its stack traces, every page as served, everything written to a
 * component (stream errors carry exception texts), and the admin audit log.
 */
@EnabledIfSystemProperty(named = "org.slf4j.simpleLogger.defaultLogLevel", matches = "trace",
    disabledReason = "runs in the build's secrets-in-logs execution, where every logger logs at trace level")
class SecretsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LISTENERS_PAGE = "componentlistener-listeners.jsp";
    private static final String FORM_PAGE = "componentlistener-listener-edit.jsp";
    private static final String IMPORT_PAGE = "componentlistener-import.jsp";

    /** Secret-derived text that must appear nowhere, by what it is. */
    private final Map<String, String> secrets = new LinkedHashMap<>();
    /** Everything shown or sent, by where. */
    private final Map<String, String> shown = new LinkedHashMap<>();
    private final List<RawComponent> components = new ArrayList<>();
    private final LogCapture logs = new LogCapture();
    private final ConsoleFixture fixture = new ConsoleFixture();
    private ConsoleServer console;

    @AfterEach
    void stop() throws Exception {
        try {
            for (RawComponent component : components) {
                component.close();
            }
            if (console != null) {
                console.close();
            }
            fixture.close();
        } finally {
            logs.close();
        }
    }

    private String secret(String what) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        StringBuilder secret = new StringBuilder(what).append('-');
        for (byte b : bytes) {
            secret.append(String.format("%02x", b));
        }
        secrets.put(what, secret.toString());
        return secret.toString();
    }

    @Test
    void noSecretIsLoggedShownOrSentDuringAWholeRunWithFailures() throws Exception {
        assertTrue(LoggerFactory.getLogger(ListenerManager.class).isTraceEnabled(), "every level is captured");
        String listenerPassword = secret("listener password");
        String subdomainSecret = secret("subdomain secret");
        String defaultSecret = secret("default secret");
        fixture.openfire.defaultSecret(defaultSecret).subdomainSecret("own", subdomainSecret);
        console = ConsoleServer.start();

        // The admin adds a listener with a password, one relying on Openfire's secrets, and one with a bad port.
        int gw = Ports.free();
        int plain = Ports.free();
        submitListenerForm("gw", String.valueOf(gw), listenerPassword);
        submitListenerForm("plain", String.valueOf(plain), "");
        submitListenerForm("bad", "70000", secret("password typed with a bad port"));
        assertEquals(List.of("gw", "plain"), List.copyOf(fixture.configs.listenerIds()));

        // Components authenticate with each kind of secret, and fail to in each way.
        connect(gw, "a.example.org", listenerPassword);
        RawComponent own = connect(gw, "own.example.org", subdomainSecret);
        RawComponent relying = connect(plain, "b.example.org", defaultSecret);
        refused(gw, "c.example.org", listenerPassword, id -> handshakeDigest(id, secret("wrong secret")));
        refused(gw, "d.example.org", listenerPassword, id -> listenerPassword);
        refused(gw, "e.example.org", listenerPassword, id -> "<x>" + listenerPassword + "</x>");
        refused(plain, "own.example.org", subdomainSecret, id -> handshakeDigest(id, defaultSecret));

        // Secrets change while their components are connected.
        fixture.openfire.subdomainSecret("own", secret("changed subdomain secret"));
        fixture.openfire.defaultSecret(secret("changed default secret"));
        fixture.registry().revalidateSoon();
        assertEquals("not-authorized", condition(own.awaitStreamErrorAndClose()));
        assertEquals("not-authorized", condition(relying.awaitStreamErrorAndClose()));
        HtmlPage form = page(FORM_PAGE + "?id=gw");
        type(form, "password", secret("changed listener password"));
        keep("saved form", form.getHtmlElementById("save").click());

        // The admin imports a MongooseIM section with a password, and looks at every page.
        HtmlPage importPage = page(IMPORT_PAGE);
        ((HtmlTextArea) importPage.getHtmlElementById("toml")).setText("[[listen.service]]\nport = " + Ports.free()
            + "\npassword = \"" + secret("imported password") + "\"\n");
        HtmlPage preview = importPage.getHtmlElementById("preview").click();
        keep("import preview", preview);
        keep("import created", preview.getHtmlElementById("create").click());
        assertTrue(fixture.configs.listenerIds().stream().anyMatch(id -> id.startsWith("mim-")), "imported");
        for (String path : console.pagePaths()) {
            page(path.substring(1));
        }
        page(FORM_PAGE + "?id=gw");

        // Stopping ends every stream; then all that was written is in.
        console.close();
        console = null;
        fixture.close();
        for (RawComponent component : components) {
            component.awaitClosed();
            shown.put("stream " + shown.size() + " to a component", component.received());
        }
        shown.put("audit log", String.join("\n", fixture.admin.audit()));
        String logged = logs.text();
        assertTrue(logged.contains("failed to authenticate") && logged.contains("Closing the stream of"),
            "the run's failures were logged, at info and debug level");

        shown.put("log", logged);
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            for (Map.Entry<String, String> place : shown.entrySet()) {
                assertFalse(place.getValue().contains(secret.getValue()), "the " + secret.getKey() + " is in the "
                    + place.getKey());
            }
        }
    }

    private HtmlPage page(String path) throws Exception {
        HtmlPage page = console.page(path);
        keep(path, page);
        return page;
    }

    /**
     * Keeps the page as served. The import page's text area is left out: it holds the text the admin has just
     * pasted, so that the import can be confirmed without pasting it again.
     */
    private void keep(String what, HtmlPage page) {
        shown.put("page " + shown.size() + " (" + what + ")", page.getWebResponse().getContentAsString()
            .replaceAll("(?s)<textarea id=\"toml\".*?</textarea>", ""));
    }

    private void submitListenerForm(String id, String port, String password) throws Exception {
        HtmlPage form = page(FORM_PAGE);
        type(form, "id", id);
        type(form, "port", port);
        type(form, "password", password);
        keep("form result for " + id, form.getHtmlElementById("save").click());
    }

    /** Connects and authenticates; the handshake sent, a digest of the secret, must not show either. */
    private RawComponent connect(int port, String domain, String secret) throws Exception {
        RawComponent component = RawComponent.connect(port, domain, secret);
        components.add(component);
        secrets.put("handshake of " + domain, handshakeDigest(component.awaitStreamId(), secret));
        return component;
    }

    /** A handshake with the given content, which is refused; the digest the server expected must not show. */
    private void refused(int port, String domain, String secret, UnaryOperator<String> content)
        throws Exception {
        RawComponent component = new RawComponent(port);
        components.add(component);
        component.send(header(domain));
        String id = component.awaitStreamId();
        secrets.put("expected handshake of " + domain, handshakeDigest(id, secret));
        component.send("<handshake>" + content.apply(id) + "</handshake>");
        assertEquals("not-authorized", condition(component.awaitStreamErrorAndClose()));
    }
}
