package org.jivesoftware.openfire.plugin.componentlistener.policy;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.stanza.Stanzas;
import org.xmpp.packet.Packet;

/**
 * The checks on every element a component sends after its handshake (SPEC section 4): a stanza name, valid
 * {@code to} and {@code from} addresses and, with {@code check_from}, a sender inside the component's own domain.
 * No I/O. One per connection (it keeps the addresses the component used last), used on one thread at a time.
 */
public final class InboundStanzaCheck {
    private final Addresses addresses = new Addresses();

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

    public Verdict check(Element element, String componentDomain, boolean checkFrom) {
        if (!Stanzas.isStanza(element)) {
            return refuse("<" + element.getQualifiedName() + "/> is not a stanza");
        }
        if (!Stanzas.hasValidType(element)) {
            return refuse("type '" + element.attributeValue("type") + "' is not a type of <" + element.getName() + "/>");
        }
        Addresses.Address to = addresses.parse(element.attributeValue("to"));
        if (to == null) {
            return refuse("missing or invalid 'to'");
        }
        Addresses.Address from = addresses.parse(element.attributeValue("from"));
        if (from == null) {
            return refuse("missing or invalid 'from'");
        }
        if (checkFrom && !componentDomain.equals(from.jid.getDomain())) {
            return refuse("'from' " + from.jid + " is outside " + componentDomain);
        }
        Packet packet = Stanzas.toPacket(element);
        // Route on the normalised addresses (stringprep), as for every other stream Openfire accepts. The packet
        // holds them as written, which for almost every stanza is already so: only the others are set again.
        if (!to.normalised) {
            packet.setTo(to.jid);
        }
        if (!from.normalised) {
            packet.setFrom(from.jid);
        }
        return new Verdict(packet, null);
    }

    private static Verdict refuse(String why) {
        return new Verdict(null, why);
    }
}
