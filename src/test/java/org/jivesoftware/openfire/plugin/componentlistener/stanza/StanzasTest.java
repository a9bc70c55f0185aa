package org.jivesoftware.openfire.plugin.componentlistener.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/** Error replies and bounces, and what is written to a component. */
class StanzasTest {

    private static Element element(String xml) throws Exception {
        return DocumentHelper.parseText(xml).getRootElement();
    }

    @Test
    void bounceGoesBackToTheSenderWithTheCondition() {
        Message message = new Message();
        message.setFrom("alice@example.org/phone");
        message.setTo("comp.example.org");
        message.setBody("hi");
        Packet bounce = Stanzas.bounce(message, PacketError.Condition.service_unavailable, PacketError.Type.cancel)
            .orElseThrow();
        assertTrue(bounce instanceof Message);
        assertEquals("alice@example.org/phone", bounce.getTo().toString());
        assertEquals("comp.example.org", bounce.getFrom().toString());
        assertEquals(Message.Type.error, ((Message) bounce).getType());
        assertEquals(PacketError.Condition.service_unavailable, bounce.getError().getCondition());
        assertEquals(PacketError.Type.cancel, bounce.getError().getType());
        assertEquals("hi", ((Message) bounce).getBody(), "the original payload goes back with the error");
    }

    @Test
    void errorsAndResultsAreNeverBounced() {
        Message error = new Message();
        error.setFrom("alice@example.org");
        error.setType(Message.Type.error);
        assertTrue(Stanzas.bounce(error, PacketError.Condition.bad_request, PacketError.Type.modify).isEmpty());
        IQ result = new IQ(IQ.Type.result);
        result.setFrom("alice@example.org");
        assertTrue(Stanzas.bounce(result, PacketError.Condition.bad_request, PacketError.Type.modify).isEmpty());
        IQ get = new IQ(IQ.Type.get);
        get.setFrom("alice@example.org");
        assertEquals(IQ.Type.error, ((IQ) Stanzas.bounce(get, PacketError.Condition.bad_request,
            PacketError.Type.modify).orElseThrow()).getType());
    }

    @Test
    void aNamespaceNameCannotBreakOutOfItsAttributeOnTheComponentStream() throws Exception {
        // As a user's client could have Openfire parse it: the quote and '<' are in the namespace name.
        String namespace = "urn:a\"/><message from=\"admin@example.org\"><body>spoofed</body></message><y xmlns=\"urn:b";
        Message message = new Message();
        message.setFrom("alice@example.org/phone");
        message.setTo("comp.example.org");
        message.getElement().addElement(org.dom4j.QName.get("x", namespace));
        Element written = element(componentXml(message));
        assertEquals(1, written.elements().size(), written.asXML());
        assertEquals(namespace, written.elements().get(0).getNamespaceURI());
    }

    @Test
    void stanzaWithoutSenderIsNotBounced() {
        Message anonymous = new Message();
        anonymous.setTo("comp.example.org");
        assertTrue(Stanzas.bounce(anonymous, PacketError.Condition.service_unavailable,
            PacketError.Type.cancel).isEmpty());
    }

    @Test
    void errorReplyOfANonStanzaSwapsAddresses() throws Exception {
        Element reply = Stanzas.errorReply(element("<foo from='a.example.org' to='b@example.org'><bar/></foo>"),
            PacketError.Condition.bad_request, PacketError.Type.modify).orElseThrow();
        assertEquals("b@example.org", reply.attributeValue("from"));
        assertEquals("a.example.org", reply.attributeValue("to"));
        assertEquals("error", reply.attributeValue("type"));
        assertEquals("modify", reply.element("error").attributeValue("type"));
        assertEquals("urn:ietf:params:xml:ns:xmpp-stanzas",
            reply.element("error").element("bad-request").getNamespaceURI());
    }

    @Test
    void clientNamespaceIsDroppedOnTheComponentStream() throws Exception {
        Message fromClient = new Message(element("<message xmlns='jabber:client' to='comp.example.org'>"
            + "<body>hi</body><x xmlns='urn:x'/></message>"), true);
        String xml = componentXml(fromClient);
        assertFalse(xml.contains("jabber:client"), xml);
        assertEquals("urn:x", element(xml).element("x").getNamespaceURI(), xml);
        assertEquals("hi", element(xml).elementText("body"));
    }

    private static String componentXml(Packet packet) {
        ByteBuf bytes = Stanzas.encodeForComponent(packet, UnpooledByteBufAllocator.DEFAULT);
        try {
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            bytes.release();
        }
    }
}
