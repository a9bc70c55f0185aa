package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.jivesoftware.openfire.plugin.componentlistener.support.TestCertificates.serverCertificate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.LogCapture;
import org.jivesoftware.openfire.plugin.componentlistener.support.MapPropertyStore;
import org.jivesoftware.openfire.plugin.componentlistener.support.PluginParts;
import org.jivesoftware.openfire.plugin.componentlistener.support.Ports;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.jivesoftware.openfire.plugin.componentlistener.support.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmpp.packet.Packet;

/** Direct TLS on a listener: real TLS clients that check the chain and the host name, then XEP-0114 inside. */
class TlsListenerTest {
    private static final String ALICE = "alice@example.org";
    private static final String COMPONENT = "gateway.example.org";
    /** A refused connection must be closed well within this. */
    private static final long PROMPT_CLOSE_MILLIS = 2000;
    private static TestCertificates authority;

    @TempDir
    Path files;

    @BeforeAll
    static void makeAuthority() throws Exception {
        authority = TestCertificates.authority();
    }

    private static InMemoryOpenfire openfireWith(TestCertificates.Issued certificate) throws Exception {
        return new InMemoryOpenfire().identityStore(certificate.keyStore(InMemoryOpenfire.DOMAIN + "_ec"),
            TestCertificates.STORE_PASSWORD);
    }

    /** Authenticates over the TLS socket and exchanges a stanza each way. */
    private static RawComponent authenticateAndExchange(SSLSocket socket, InMemoryOpenfire openfire, String domain)
        throws Exception {
        RawComponent component = RawComponent.authenticate(new RawComponent(socket), domain, SECRET);
        exchange(component, openfire, domain);
        return component;
    }

    private static void exchange(RawComponent component, InMemoryOpenfire openfire, String domain) throws Exception {
        openfire.send(InMemoryOpenfire.message(ALICE + "/phone", "bot@" + domain, "in"));
        Element received = component.awaitElement("message");
        assertEquals("in", received.elementText("body"));
        component.send("<message from='bot@" + domain + "' to='" + ALICE + "/phone'><body>out</body></message>");
        Packet reply = openfire.next(ALICE);
        assertNotNull(reply, "the component's reply reaches the user");
        assertEquals("out", ((org.xmpp.packet.Message) reply).getBody());
    }

    @Test
    void openfiresOwnCertificateServesAComponentThatChecksChainAndHostName() throws Exception {
        TestCertificates.Issued certificate = authority.issue();
        InMemoryOpenfire openfire = openfireWith(certificate);
        try (ListenerFixture fixture = ListenerFixture.start(openfire, Map.of("tls", "direct"))) {
            for (String hostName : TestCertificates.SERVER_NAMES) {
                try (SSLSocket socket = authority.connect(fixture.port(), hostName);
                     RawComponent component = authenticateAndExchange(socket, openfire, COMPONENT)) {
                    assertEquals(certificate.certificate(), serverCertificate(socket));
                    assertEquals("TLSv1.3", socket.getSession().getProtocol());
                }
                fixture.awaitConnections(0);
            }
            // A name the certificate does not hold fails the client's check.
            assertThrows(SSLHandshakeException.class, () -> authority.connect(fixture.port(), "other.example.net"));
        }
    }

    @Test
    void pemFilesServeInsteadOfOpenfiresCertificate() throws Exception {
        TestCertificates.Issued certificate = authority.issue();
        certificate.writePem(files.resolve("chain.pem"), files.resolve("key.pem"));
        assertPemFilesServe(certificate);
    }

    @Test
    void anRsaKeyInOpenSslsTraditionalFormatIsReadToo() throws Exception {
        TestCertificates.Issued certificate = authority.issue("RSA", Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(1)), TestCertificates.SERVER_NAMES);
        certificate.writeChain(files.resolve("chain.pem"));
        certificate.writeRsaPkcs1Key(files.resolve("key.pem"));
        assertTrue(Files.readString(files.resolve("key.pem")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertPemFilesServe(certificate);
    }

    /** A component authenticates over TLS with the PEM files chain.pem and key.pem, which hold this certificate. */
    private void assertPemFilesServe(TestCertificates.Issued certificate) throws Exception {
        InMemoryOpenfire openfire = new InMemoryOpenfire();
        try (ListenerFixture fixture = ListenerFixture.start(openfire, pem("chain.pem", "key.pem"));
             SSLSocket socket = authority.connect(fixture.port(), "localhost");
             RawComponent component = authenticateAndExchange(socket, openfire, COMPONENT)) {
            assertEquals(certificate.certificate(), serverCertificate(socket));
        }
    }

    @Test
    void openfiresProtocolAndCipherSettingsApplyButNeverBelowTls12() throws Exception {
        String cipherSuite = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
        InMemoryOpenfire openfire = openfireWith(authority.issue()).componentTlsProtocols("TLSv1.2", "TLSv1.1")
            .componentTlsCipherSuites(cipherSuite);
        try (ListenerFixture fixture = ListenerFixture.start(openfire, Map.of("tls", "direct"));
             SSLSocket socket = authority.connect(fixture.port(), "localhost")) {
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
            assertEquals(cipherSuite, socket.getSession().getCipherSuite());
        }
        InMemoryOpenfire onlyOld = openfireWith(authority.issue()).componentTlsProtocols("TLSv1.1");
        try (ListenerFixture fixture = ListenerFixture.start(onlyOld, Map.of("tls", "direct"));
             SSLSocket socket = authority.connect(fixture.port(), "localhost")) {
            assertEquals("TLSv1.3", socket.getSession().getProtocol(), "the secure defaults instead");
        }
    }

    @Test
    void aNewCertificateInOpenfiresStoreServesNewConnectionsWhileConnectedOnesStay() throws Exception {
        TestCertificates.Issued first = authority.issue();
        TestCertificates.Issued second = authority.issue();
        InMemoryOpenfire openfire = openfireWith(first);
        PluginParts parts = new PluginParts(openfire);
        ListenerManager manager = parts.listeners();
        try {
            int port = Ports.free();
            assertEquals(List.of(), startedProblems(manager, port, Map.of(ListenerOption.TLS, "direct")));
            try (SSLSocket oldSocket = authority.connect(port, "localhost");
                 RawComponent old = authenticateAndExchange(oldSocket, openfire, COMPONENT)) {
                // As the certificates page does: the store's entry replaced, then Openfire's change event.
                KeyStore store = openfire.identityStore();
                store.deleteEntry(InMemoryOpenfire.DOMAIN + "_ec");
                store.setKeyEntry(InMemoryOpenfire.DOMAIN + "_new", second.keyStore("x").getKey("x",
                    TestCertificates.STORE_PASSWORD), TestCertificates.STORE_PASSWORD,
                    second.keyStore("x").getCertificateChain("x"));
                openfire.certificatesChanged();
                try (SSLSocket newSocket = awaitCertificate(port, second);
                     RawComponent fresh = authenticateAndExchange(newSocket, openfire, "other.example.org")) {
                    exchange(old, openfire, COMPONENT);
                    assertEquals(first.certificate(), serverCertificate(oldSocket));
                }
            }
        } finally {
            parts.close();
        }
        assertEquals(0, openfire.certificateListeners(), "the plugin's listener is removed from Openfire");
    }

    @Test
    void renewedPemFilesArePickedUpAndABrokenRenewalKeepsTheOldCertificate() throws Exception {
        TestCertificates.Issued first = authority.issue();
        Path chain = files.resolve("chain.pem");
        Path key = files.resolve("key.pem");
        first.writePem(chain, key);
        InMemoryOpenfire openfire = new InMemoryOpenfire();
        PluginParts parts = new PluginParts(openfire);
        ListenerManager manager = parts.listeners();
        try (LogCapture log = new LogCapture()) {
            int port = Ports.free();
            assertEquals(List.of(), startedProblems(manager, port, Map.of(ListenerOption.TLS, "direct",
                ListenerOption.TLS_CERTFILE, chain.toString(), ListenerOption.TLS_KEYFILE, key.toString())));
            try (SSLSocket oldSocket = authority.connect(port, "localhost");
                 RawComponent old = authenticateAndExchange(oldSocket, openfire, COMPONENT)) {
                // A renewal gone wrong: the new chain with the old key.
                TestCertificates.Issued second = authority.issue();
                second.writeChain(chain);
                touch(chain);
                Message reason = Message.of("error.tls.keeps", Message.of("error.tls.mismatch",
                    Message.of("tls.where.file", key), Message.of("tls.where.file", chain)));
                awaitProblem(manager, reason);
                assertTrue(log.text().contains("Component listener 'tls' keeps its previous TLS certificate: the"
                    + " private key in " + key + " does not match the certificate in " + chain), log.text());
                try (SSLSocket stillFirst = authority.connect(port, "localhost")) {
                    assertEquals(first.certificate(), serverCertificate(stillFirst));
                }
                // The renewal completed.
                second.writePem(chain, key);
                touch(key);
                try (SSLSocket newSocket = awaitCertificate(port, second)) {
                    assertEquals(second.certificate(), serverCertificate(newSocket));
                }
                awaitProblem(manager, null);
                assertTrue(log.text().contains("Component listener 'tls' loaded a new TLS certificate (serial "
                    + second.certificate().getSerialNumber().toString(16) + ", valid until "), log.text());
                exchange(old, openfire, COMPONENT);
            }
        } finally {
            parts.close();
        }
    }

    @Test
    void eachBadCertificateKeepsTheListenerFromStartingAndSaysWhy() throws Exception {
        TestCertificates.Issued good = authority.issue();
        TestCertificates.Issued other = authority.issue();
        TestCertificates.Issued expired = authority.issue("EC", Instant.parse("2020-01-01T00:00:00Z"),
            Instant.parse("2021-01-01T00:00:00Z"), TestCertificates.SERVER_NAMES);
        Path chain = files.resolve("chain.pem");
        Path key = files.resolve("key.pem");
        good.writePem(chain, key);
        other.writePem(files.resolve("other.pem"), files.resolve("other-key.pem"));
        expired.writePem(files.resolve("expired.pem"), files.resolve("expired-key.pem"));
        Files.writeString(files.resolve("garbage.pem"), "not a certificate");
        Path missing = files.resolve("missing.pem");

        assertEquals(Message.of("error.tls.file.missing", "tls_certfile", missing), pemProblem(missing, key));
        assertEquals(Message.of("error.tls.file.missing", "tls_keyfile", missing), pemProblem(chain, missing));
        assertEquals(Message.of("error.tls.file.unreadable", "tls_certfile", files, "Is a directory"),
            pemProblem(files, key));
        assertEquals(Message.of("error.tls.certificate.none", "tls_certfile", files.resolve("garbage.pem")),
            pemProblem(files.resolve("garbage.pem"), key));
        assertEquals(Message.of("error.tls.key.none", "tls_keyfile", chain), pemProblem(chain, chain));
        assertEquals(Message.of("error.tls.expired", Message.of("tls.where.file", files.resolve("expired.pem")),
            "2021-01-01T00:00:00Z"), pemProblem(files.resolve("expired.pem"), files.resolve("expired-key.pem")));
        assertEquals(Message.of("error.tls.mismatch", Message.of("tls.where.file", files.resolve("other-key.pem")),
            Message.of("tls.where.file", chain)), pemProblem(chain, files.resolve("other-key.pem")));
        // The log says it in English.
        assertEquals("the private key in " + files.resolve("other-key.pem") + " does not match the certificate in "
            + chain, pemProblem(chain, files.resolve("other-key.pem")).english());

        assertEquals(Message.of("error.tls.store.none", "example.org"),
            storeProblem(new InMemoryOpenfire().identityStore(authority.issue("EC", Instant.now(),
                Instant.now().plus(Duration.ofDays(1)), "elsewhere.example.net").keyStore("a"),
                TestCertificates.STORE_PASSWORD)));
        assertEquals(Message.of("error.tls.expired", Message.of("tls.where.store", "example.org", "example.org_ec"),
            "2021-01-01T00:00:00Z"), storeProblem(openfireWith(expired)));
        assertEquals("the certificate for example.org in Openfire's identity store (alias example.org_ec) expired on"
            + " 2021-01-01T00:00:00Z", storeProblem(openfireWith(expired)).english());
        assertEquals(Message.of("error.tls.store.unreadable", "no identity store for component connections"),
            storeProblem(new InMemoryOpenfire()));
    }

    @Test
    void plaintextOnATlsPortIsClosedPromptlyWithALogLine() throws Exception {
        InMemoryOpenfire openfire = openfireWith(authority.issue());
        try (ListenerFixture fixture = ListenerFixture.start(openfire, Map.of("tls", "direct"));
             LogCapture log = new LogCapture();
             RawComponent component = new RawComponent(fixture.port())) {
            long start = System.nanoTime();
            component.send(RawComponent.header(COMPONENT));
            component.awaitClosed();
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < PROMPT_CLOSE_MILLIS);
            fixture.awaitConnections(0);
            assertTrue(log.text().contains("Component listener 'test' closed the connection from /127.0.0.1:"), log.text());
            assertTrue(log.text().contains(": it does not start with TLS, but the listener has tls = direct"),
                log.text());
            assertTrue(openfire.routes().isEmpty());
        }
    }

    @Test
    void aClientThatNeverStartsTlsIsClosedAfterTheStateTimeout() throws Exception {
        InMemoryOpenfire openfire = openfireWith(authority.issue());
        try (ListenerFixture fixture = ListenerFixture.start(openfire, Map.of("tls", "direct", "state_timeout", "300"));
             RawComponent silent = new RawComponent(fixture.port())) {
            long start = System.nanoTime();
            silent.awaitClosed();
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(millis >= 250 && millis < 300 + PROMPT_CLOSE_MILLIS, millis + " ms");
            fixture.awaitConnections(0);
        }
    }

    @Test
    void tlsOnAPlaintextPortIsClosedPromptlyWithALogLine() throws Exception {
        InMemoryOpenfire openfire = new InMemoryOpenfire();
        try (ListenerFixture fixture = ListenerFixture.start(openfire);
             LogCapture log = new LogCapture()) {
            long start = System.nanoTime();
            assertThrows(SSLException.class, () -> authority.connect(fixture.port(), "localhost"));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < PROMPT_CLOSE_MILLIS);
            fixture.awaitConnections(0);
            assertTrue(log.text().contains(": it starts with TLS, but the listener has tls = none"), log.text());
            // Plaintext components are not affected by the guard.
            try (RawComponent component = RawComponent.connect(fixture.port(), COMPONENT, SECRET)) {
                exchange(component, openfire, COMPONENT);
            }
        }
    }

    private Map<String, String> pem(String chain, String key) {
        return Map.of("tls", "direct", "tls_certfile", files.resolve(chain).toString(), "tls_keyfile",
            files.resolve(key).toString());
    }

    /** Defines listener 'tls' on the port and applies it; the problems it was started with. */
    private static List<Message> startedProblems(ListenerManager manager, int port, Map<ListenerOption, String> options) {
        MapPropertyStore properties = new MapPropertyStore();
        properties.set(ListenerConfigs.LISTENERS, "tls");
        properties.set(ListenerConfigs.propertyName("tls", ListenerOption.PORT), String.valueOf(port));
        properties.set(ListenerConfigs.propertyName("tls", ListenerOption.PASSWORD), SECRET);
        options.forEach((option, value) -> properties.set(ListenerConfigs.propertyName("tls", option), value));
        return manager.apply(new ListenerConfigs(properties).readAll()).get("tls").problems();
    }

    private Message pemProblem(Path chain, Path key) throws Exception {
        return problem(new InMemoryOpenfire(), Map.of(ListenerOption.TLS, "direct", ListenerOption.TLS_CERTFILE,
            chain.toString(), ListenerOption.TLS_KEYFILE, key.toString()));
    }

    private static Message storeProblem(InMemoryOpenfire openfire) throws Exception {
        return problem(openfire, Map.of(ListenerOption.TLS, "direct"));
    }

    /** The one reason the listener does not start, as the listeners page shows it; its port stays closed. */
    private static Message problem(InMemoryOpenfire openfire, Map<ListenerOption, String> options) throws Exception {
        PluginParts parts = new PluginParts(openfire);
        ListenerManager manager = parts.listeners();
        try (LogCapture log = new LogCapture()) {
            int port = Ports.free();
            List<Message> problems = startedProblems(manager, port, options);
            assertEquals(1, problems.size(), problems.toString());
            assertEquals(problems, manager.problems().get("tls"));
            assertTrue(log.text().contains("Component listener 'tls' does not start: " + problems.get(0).english()),
                log.text());
            assertTrue(manager.listeners().isEmpty());
            assertFalse(Ports.isOpen(port), "a listener that cannot serve TLS does not bind");
            return problems.get(0);
        } finally {
            parts.close();
        }
    }

    /** A new connection once it is shown the certificate: the reload happens on the plugin's own thread. */
    private static SSLSocket awaitCertificate(int port, TestCertificates.Issued certificate) throws Exception {
        long deadline = Await.deadlineNanos();
        while (true) {
            SSLSocket socket = authority.connect(port, "localhost");
            if (serverCertificate(socket).equals(certificate.certificate())) {
                return socket;
            }
            socket.close();
            if (Await.passed(deadline)) {
                throw new AssertionError("new connections never got the new certificate");
            }
            // Each try is a TLS handshake: a few a second are enough.
            Thread.sleep(100);
        }
    }

    private static void awaitProblem(ListenerManager manager, Message expected) {
        Await.until("problem " + expected,
            () -> java.util.Objects.equals(manager.listeners().get(0).certificateProblem().orElse(null), expected),
            () -> "found " + manager.listeners().get(0).certificateProblem());
    }

    /** A rewritten file whose size may not have changed still gets a new modification time. */
    private static void touch(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(1)));
    }
}
