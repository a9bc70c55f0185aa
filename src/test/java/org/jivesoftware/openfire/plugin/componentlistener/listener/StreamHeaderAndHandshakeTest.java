package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.handshakeDigest;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SPEC section 3 over loopback TCP: every refusal has its exact stream error, followed by a close. */
class StreamHeaderAndHandshakeTest {
    private static final String STREAMS = "http://etherx.jabber.org/streams";

    private final InMemoryOpenfire openfire = new InMemoryOpenfire().defaultSecret("openfire-default");
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);
    private ListenerFixture fixture;

    @BeforeEach
    void start() throws InterruptedException {
        // Two cases wait the timeout out; the others must authenticate within it on a loaded machine.
        fixture = listeners.start(Map.of("state_timeout", "3000"));
    }


    private Element refusedWith(String... sent) throws Exception {
        try (RawComponent component = new RawComponent(fixture.port())) {
            for (String xml : sent) {
                component.send(xml);
            }
            Element error = component.awaitStreamErrorAndClose();
            assertTrue(component.received().startsWith("<?xml"), "the server's header comes first");
            assertTrue(component.received().indexOf("<stream:stream") < component.received().indexOf("<stream:error"));
            return error;
        }
    }

    @Test
    void wrongContentNamespaceIsInvalidNamespace() throws Exception {
        Element error = refusedWith("<stream:stream xmlns='jabber:client' xmlns:stream='" + STREAMS
            + "' to='comp.example.org'>");
        assertEquals("invalid-namespace", condition(error));
        assertEquals(STREAMS, error.getNamespaceURI());
    }

    @Test
    void wrongStreamNamespaceIsInvalidNamespace() throws Exception {
        Element error = refusedWith("<stream:stream xmlns='jabber:component:accept' xmlns:stream='urn:wrong'"
            + " to='comp.example.org'>");
        assertEquals("invalid-namespace", condition(error));
    }

    @Test
    void missingToIsHostUnknown() throws Exception {
        assertEquals("host-unknown", condition(refusedWith("<stream:stream xmlns='jabber:component:accept'"
            + " xmlns:stream='" + STREAMS + "'>")));
    }

    @Test
    void emptyToIsHostUnknown() throws Exception {
        assertEquals("host-unknown", condition(refusedWith(header(""))));
    }

    @Test
    void invalidDomainIsHostUnknown() throws Exception {
        assertEquals("host-unknown", condition(refusedWith(header("user@comp.example.org"))));
        assertEquals("host-unknown", condition(refusedWith(header("comp.example.org/res"))));
        assertEquals("host-unknown", condition(refusedWith(header("bad domain.example.org"))));
    }

    @Test
    void domainOutsideTheServerIsHostUnknown() throws Exception {
        assertEquals("host-unknown", condition(refusedWith(header("comp.other.org"))));
        assertEquals("host-unknown", condition(refusedWith(header("notexample.org"))));
    }

    @Test
    void blockedSubdomainIsHostUnknown() throws Exception {
        openfire.block("blocked");
        assertEquals("host-unknown", condition(refusedWith(header("blocked.example.org"))));
    }

    @Test
    void replyHeaderEchoesLowerCasedToWithFreshIdAndNoVersion() throws Exception {
        String first;
        try (RawComponent component = new RawComponent(fixture.port())) {
            component.send(header("Comp.Example.ORG"));
            String reply = component.awaitStreamHeader();
            assertTrue(reply.contains("from='comp.example.org'"), reply);
            assertTrue(reply.contains("xmlns='jabber:component:accept'"), reply);
            assertFalse(reply.contains("version"), reply);
            first = component.awaitStreamId();
            assertTrue(first.matches("[0-9a-f]{16,}"), "at least 64 random bits in hex: " + first);
        }
        try (RawComponent component = new RawComponent(fixture.port())) {
            component.send(header("comp.example.org"));
            assertFalse(first.equals(component.awaitStreamId()), "every stream gets its own id");
        }
    }

    @Test
    void correctHandshakeIsAnsweredAndRegisters() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            assertTrue(openfire.hasRoute("comp.example.org"));
            assertEquals(List.of("register comp"), openfire.calls());
        }
    }

    @Test
    void handshakeHexCaseIsIgnored() throws Exception {
        try (RawComponent component = new RawComponent(fixture.port())) {
            component.send(header("comp.example.org"));
            String id = component.awaitStreamId();
            component.send("<handshake>" + handshakeDigest(id, SECRET).toUpperCase(Locale.ROOT) + "</handshake>");
            component.awaitText("<handshake/>");
        }
    }

    @Test
    void wrongHandshakeIsNotAuthorized() throws Exception {
        assertInvalidHandshake(id -> handshakeDigest(id, "wrong"));
    }

    @Test
    void handshakeOfWrongLengthIsNotAuthorized() throws Exception {
        assertInvalidHandshake(id -> handshakeDigest(id, SECRET).substring(1));
        assertInvalidHandshake(id -> "");
    }

    @Test
    void handshakeWithChildElementsIsNotAuthorized() throws Exception {
        assertInvalidHandshake(id -> handshakeDigest(id, SECRET) + "<x/>");
    }

    private void assertInvalidHandshake(java.util.function.Function<String, String> content) throws Exception {
        try (RawComponent component = new RawComponent(fixture.port())) {
            component.send(header("comp.example.org"));
            String id = component.awaitStreamId();
            component.send("<handshake>" + content.apply(id) + "</handshake>");
            Element error = component.awaitStreamErrorAndClose();
            assertEquals("not-authorized", condition(error));
            assertEquals("Invalid handshake", error.elementText("text"));
            assertFalse(component.received().contains("<handshake/>"));
        }
        assertFalse(openfire.hasRoute("comp.example.org"));
    }

    @Test
    void stanzaBeforeHandshakeIsNotAuthorized() throws Exception {
        Element error = refusedWith(header("comp.example.org"),
            "<message from='comp.example.org' to='alice@example.org'><body>hi</body></message>");
        assertEquals("not-authorized", condition(error));
        assertTrue(openfire.inbox("alice@example.org").isEmpty(), "nothing is routed before authentication");
    }

    @Test
    void takenDomainGetsConflictInsteadOfHandshake() throws Exception {
        openfire.serverOwned("conference.example.org");
        try (RawComponent component = new RawComponent(fixture.port())) {
            component.send(header("conference.example.org"));
            String id = component.awaitStreamId();
            component.send("<handshake>" + handshakeDigest(id, SECRET) + "</handshake>");
            assertEquals("conflict", condition(component.awaitStreamErrorAndClose()));
            assertFalse(component.received().contains("<handshake/>"));
        }
    }

    @Test
    void xmppDomainItselfIsTaken() throws Exception {
        try (RawComponent component = new RawComponent(fixture.port())) {
            component.send(header("example.org"));
            String id = component.awaitStreamId();
            component.send("<handshake>" + handshakeDigest(id, SECRET) + "</handshake>");
            assertEquals("conflict", condition(component.awaitStreamErrorAndClose()));
        }
    }

    @Test
    void duplicateWithWrongSecretIsNotAuthorizedNotConflict() throws Exception {
        try (RawComponent holder = RawComponent.connect(fixture.port(), "comp.example.org", SECRET);
             RawComponent intruder = new RawComponent(fixture.port())) {
            intruder.send(header("comp.example.org"));
            String id = intruder.awaitStreamId();
            intruder.send("<handshake>" + handshakeDigest(id, "guess") + "</handshake>");
            assertEquals("not-authorized", condition(intruder.awaitStreamErrorAndClose()));
            assertTrue(holder.staysOpenFor(200), "the holder is untouched");
        }
    }

    @Test
    void duplicateWithRightSecretGetsConflictAndHolderStays() throws Exception {
        try (RawComponent holder = RawComponent.connect(fixture.port(), "comp.example.org", SECRET);
             RawComponent second = new RawComponent(fixture.port())) {
            second.send(header("comp.example.org"));
            String id = second.awaitStreamId();
            second.send("<handshake>" + handshakeDigest(id, SECRET) + "</handshake>");
            assertEquals("conflict", condition(second.awaitStreamErrorAndClose()));
            assertTrue(holder.staysOpenFor(200));
            assertTrue(openfire.hasRoute("comp.example.org"));
        }
    }

    @Test
    void secondStreamHeaderIsPolicyViolation() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            component.send(header("comp.example.org"));
            assertEquals("policy-violation", condition(component.awaitStreamErrorAndClose()));
        }
        assertFalse(openfire.hasRoute("comp.example.org"));
    }

    @Test
    void malformedXmlIsNotWellFormed() throws Exception {
        assertEquals("not-well-formed", condition(refusedWith(header("comp.example.org"), "<handshake><</handshake>")));
        assertEquals("not-well-formed", condition(refusedWith("<stream:stream xmlns='jabber:component:accept' "
            + "xmlns:stream='" + STREAMS + "' to='comp.example.org' to='twice'>")));
    }

    @Test
    void malformedXmlAfterHandshakeIsNotWellFormedAndUnregisters() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            component.send("<message to='a@example.org' from='comp.example.org'></presence>");
            assertEquals("not-well-formed", condition(component.awaitStreamErrorAndClose()));
        }
        assertFalse(openfire.hasRoute("comp.example.org"));
    }

    @Test
    void doctypeIsRestrictedXml() throws Exception {
        assertEquals("restricted-xml", condition(refusedWith("<?xml version='1.0'?><!DOCTYPE stream [<!ENTITY x"
            + " 'boom'>]>" + header("comp.example.org"))));
    }

    @Test
    void externalEntityIsRestrictedXml() throws Exception {
        assertEquals("restricted-xml", condition(refusedWith("<!DOCTYPE s SYSTEM 'file:///etc/passwd'>"
            + header("comp.example.org"))));
    }

    @Test
    void undeclaredEntityReferenceIsRestrictedXml() throws Exception {
        assertEquals("restricted-xml", condition(refusedWith(header("comp.example.org"), "<handshake>&xxe;</handshake>")));
    }

    @Test
    void commentsAndProcessingInstructionsAreRestrictedXml() throws Exception {
        assertEquals("restricted-xml", condition(refusedWith(header("comp.example.org"), "<!-- hi -->")));
        assertEquals("restricted-xml", condition(refusedWith(header("comp.example.org"), "<?pi data?>")));
    }

    @Test
    void noHandshakeInTimeIsConnectionTimeout() throws Exception {
        Element error = refusedWith(header("comp.example.org"));
        assertEquals("connection-timeout", condition(error));
    }

    @Test
    void silentConnectionIsConnectionTimeoutToo() throws Exception {
        assertEquals("connection-timeout", condition(refusedWith()));
    }

    @Test
    void oversizedStanzaIsPolicyViolation() throws Exception {
        fixture.close();
        fixture = listeners.start(Map.of("max_stanza_size", "2048"));
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            component.send("<message to='alice@example.org' from='comp.example.org'><body>" + "x".repeat(4096)
                + "</body></message>");
            assertEquals("policy-violation", condition(component.awaitStreamErrorAndClose()));
        }
        assertTrue(openfire.inbox("alice@example.org").isEmpty());
    }

    @Test
    void componentClosingItsStreamIsAnsweredAndUnregisteredFirst() throws Exception {
        try (RawComponent component = RawComponent.connect(fixture.port(), "comp.example.org", SECRET)) {
            component.send("</stream:stream>");
            component.awaitClosed();
            assertTrue(component.received().endsWith("</stream:stream>"), component.received());
        }
        assertFalse(openfire.hasRoute("comp.example.org"));
        assertEquals(List.of("register comp", "unregister comp"), openfire.calls());
    }
}
