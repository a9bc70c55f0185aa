package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Security;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.LogCapture;
import org.jivesoftware.openfire.plugin.componentlistener.support.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that offers only TLS 1.1 or 1.0 is refused by the listener itself. Runs in a JVM of its own (see the
 * pom): the JDK's TLS clients are allowed the old protocols again there, and so would be a server that did not
 * restrict them, even with Openfire's settings allowing them.
 */
class TlsDowngradeTest {
    private static TestCertificates authority;

    @BeforeAll
    static void allowOldProtocolsInThisJvm() throws Exception {
        // Read once, when the JDK's TLS is first used: set before any TLS class of this JVM is loaded.
        Security.setProperty("jdk.tls.disabledAlgorithms", "");
        authority = TestCertificates.authority();
    }

    @Test
    void tls11AndTls10AreRefusedEvenWhenOpenfireAllowsThem() throws Exception {
        InMemoryOpenfire openfire = new InMemoryOpenfire()
            .identityStore(authority.issue().keyStore("example.org"), TestCertificates.STORE_PASSWORD)
            .componentTlsProtocols("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");
        try (ListenerFixture fixture = ListenerFixture.start(openfire, Map.of("tls", "direct"));
             LogCapture log = new LogCapture()) {
            for (String old : new String[] {"TLSv1.1", "TLSv1"}) {
                assertThrows(SSLHandshakeException.class, () -> authority.connect(fixture.port(), "localhost", old),
                    old);
            }
            fixture.awaitConnections(0);
            // The listener logs why once the connection is closed.
            Await.until("the refusals logged", () -> log.text().contains(": TLS handshake failed: "), log::text);
            assertTrue(log.text().contains("Component listener 'test' closed the connection from /127.0.0.1:"),
                log.text());
            try (SSLSocket socket = authority.connect(fixture.port(), "localhost", "TLSv1.2", "TLSv1.1")) {
                assertEquals("TLSv1.2", socket.getSession().getProtocol(), "the client's best secure protocol");
            }
        }
    }
}
