package org.jivesoftware.openfire.plugin.componentlistener.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

class InboundStanzaCheckTest {

    private final InboundStanzaCheck check = new InboundStanzaCheck();

    private Packet accepted(String stanza) throws Exception {
        Element element = DocumentHelper.parseText(stanza).getRootElement();
        InboundStanzaCheck.Verdict verdict = check.check(element, "comp.example.org", true);
        assertTrue(verdict.accepted(), verdict.refusal());
        return verdict.packet();
    }

    @Test
    void addressesAreRoutedNormalisedAndWrittenSo() throws Exception {
        Packet packet = accepted("<message from='Bot@COMP.example.org/GW' to='ALICE@Example.ORG/Phone'/>");
        assertEquals("alice@example.org/Phone", packet.getTo().toString());
        assertEquals("alice@example.org/Phone", packet.getElement().attributeValue("to"));
        assertEquals("bot@comp.example.org/GW", packet.getFrom().toString());
        assertEquals("bot@comp.example.org/GW", packet.getElement().attributeValue("from"));
    }

    @Test
    void anAddressSeenBeforeIsNormalisedAgainInEachStanza() throws Exception {
        for (int i = 0; i < 3; i++) {
            Packet packet = accepted("<message from='bot@comp.example.org' to='ALICE@Example.ORG'/>");
            assertEquals("alice@example.org", packet.getElement().attributeValue("to"));
        }
        assertEquals("bob@example.org", accepted("<message from='bot@comp.example.org' to='bob@example.org'/>")
            .getTo().toString());
    }

    @Test
    void anInvalidAddressIsRefusedEveryTime() throws Exception {
        for (int i = 0; i < 2; i++) {
            Element element = DocumentHelper.parseText("<message from='bot@comp.example.org' to='a@b@c'/>")
                .getRootElement();
            assertEquals("missing or invalid 'to'", check.check(element, "comp.example.org", true).refusal());
        }
    }

    @Test
    void normalisedAddressesAreKeptAsWritten() throws Exception {
        Packet packet = accepted("<iq type='get' id='1' from='comp.example.org' to='example.org'/>");
        assertEquals(new JID("example.org"), packet.getTo());
        assertEquals(new JID("comp.example.org"), packet.getFrom());
    }

    @Test
    void anAddressIsWrittenAsItsPartsOnlyWhenEveryPartMatches() {
        JID full = new JID("alice", "example.org", "phone/with@signs");
        assertTrue(Addresses.isWrittenAs(full, "alice@example.org/phone/with@signs"));
        assertFalse(Addresses.isWrittenAs(full, "Alice@example.org/phone/with@signs"));
        assertFalse(Addresses.isWrittenAs(full, "alice@example.org/phone/with@sign"));
        assertFalse(Addresses.isWrittenAs(full, "alice/example.org/phone/with@signs"));
        assertFalse(Addresses.isWrittenAs(full, "alice@example.orgXphone/with@signs"));
        JID domain = new JID("example.org");
        assertTrue(Addresses.isWrittenAs(domain, "example.org"));
        assertFalse(Addresses.isWrittenAs(domain, "EXAMPLE.org"));
        assertFalse(Addresses.isWrittenAs(new JID(null, "example.org", "r"), "example.org@r"));
        assertTrue(Addresses.isWrittenAs(new JID(null, "example.org", "r"), "example.org/r"));
        assertTrue(Addresses.isWrittenAs(new JID("n", "example.org", null), "n@example.org"));
        assertFalse(Addresses.isWrittenAs(new JID("n", "example.org", null), "n/example.org"));
    }
}
