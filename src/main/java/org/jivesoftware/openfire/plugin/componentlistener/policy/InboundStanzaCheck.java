package org.jivesoftware.openfire.plugin.componentlistener.policy;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.stanza.Stanzas;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

/**
 * The checks on every element a component sends after its handshake (SPEC section 4): a stanza name, valid
 * {@code to} and {@code from} addresses and, with {@code check_from}, a sender inside the component's own domain.
 * Pure: no I/O.
 */
public final class InboundStanzaCheck {
    private InboundStanzaCheck() {
    }

    /** The outcome for one element: a packet to route, or why it is answered with {@code bad-request}. */
    public static final class Verdict {
        private final Packet packet;
        private final String refusal;

        private Verdict(Packet packet, String refusal) {
            this.packet = packet;
            this.refusal = refusal;
        }

        public boolean accepted() {
            return packet != null;
        }

        public Packet packet() {
            return packet;
        }

        public String refusal() {
            return refusal;
        }
    }

    public static Verdict check(Element element, String componentDomain, boolean checkFrom) {
        if (!Stanzas.isStanza(element)) {
            return refuse("<" + element.getQualifiedName() + "/> is not a stanza");
        }
        if (!Stanzas.hasValidType(element)) {
            return refuse("type '" + element.attributeValue("type") + "' is not a type of <" + element.getName() + "/>");
        }
        JID to = parse(element.attributeValue("to"));
        if (to == null) {
            return refuse("missing or invalid 'to'");
        }
        JID from = parse(element.attributeValue("from"));
        if (from == null) {
            return refuse("missing or invalid 'from'");
        }
        if (checkFrom && !componentDomain.equals(from.getDomain())) {
            return refuse("'from' " + from + " is outside " + componentDomain);
        }
        Packet packet = Stanzas.toPacket(element);
        // Route on the normalised addresses (stringprep), as for every other stream Openfire accepts. The packet
        // holds them as written, which for almost every stanza is already so: only the others are set again.
        if (!isWrittenAs(to, element.attributeValue("to"))) {
            packet.setTo(to);
        }
        if (!isWrittenAs(from, element.attributeValue("from"))) {
            packet.setFrom(from);
        }
        return new Verdict(packet, null);
    }

    private static Verdict refuse(String why) {
        return new Verdict(null, why);
    }

    /** True when the address reads exactly as the JID's parts joined, without building that string. */
    static boolean isWrittenAs(JID jid, String address) {
        String node = jid.getNode();
        String domain = jid.getDomain();
        String resource = jid.getResource();
        int length = (node == null ? 0 : node.length() + 1) + domain.length()
            + (resource == null ? 0 : resource.length() + 1);
        if (address.length() != length) {
            return false;
        }
        int at = 0;
        if (node != null) {
            if (!address.startsWith(node) || address.charAt(node.length()) != '@') {
                return false;
            }
            at = node.length() + 1;
        }
        if (!address.startsWith(domain, at)) {
            return false;
        }
        at += domain.length();
        return resource == null || (address.charAt(at) == '/' && address.startsWith(resource, at + 1));
    }

    private static JID parse(String address) {
        if (address == null || address.isEmpty()) {
            return null;
        }
        try {
            return new JID(address);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
