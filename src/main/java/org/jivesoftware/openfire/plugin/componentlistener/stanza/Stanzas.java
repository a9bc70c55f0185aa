package org.jivesoftware.openfire.plugin.componentlistener.stanza;

import java.util.Optional;
import java.util.Set;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

/** Building stanzas and stanza errors; the only place that knows how an error reply is shaped. */
public final class Stanzas {
    private static final Set<String> IQ_TYPES = Set.of("get", "set", "result", "error");
    private static final Set<String> MESSAGE_TYPES = Set.of("chat", "error", "groupchat", "headline", "normal");
    private static final Set<String> PRESENCE_TYPES =
        Set.of("error", "probe", "subscribe", "subscribed", "unavailable", "unsubscribe", "unsubscribed");

    private Stanzas() {
    }

    /** True for the three top-level elements XEP-0114 routes. */
    public static boolean isStanza(Element element) {
        String name = element.getName();
        return element.getNamespaceURI().isEmpty()
            && ("message".equals(name) || "presence".equals(name) || "iq".equals(name));
    }

    /**
     * True when the stanza's {@code type} is one RFC 6120 defines for it (an IQ must have one). Tinder's packet
     * classes throw on any other value.
     */
    public static boolean hasValidType(Element stanza) {
        String type = stanza.attributeValue("type");
        switch (stanza.getName()) {
            case "iq":
                return type != null && IQ_TYPES.contains(type);
            case "message":
                return type == null || MESSAGE_TYPES.contains(type);
            default:
                return type == null || PRESENCE_TYPES.contains(type);
        }
    }

    /** Wraps a stanza element (see {@link #isStanza}) in its Tinder packet class, keeping the element as it is. */
    public static Packet toPacket(Element stanza) {
        switch (stanza.getName()) {
            case "message":
                return new Message(stanza, true);
            case "presence":
                return new Presence(stanza, true);
            default:
                return new IQ(stanza, true);
        }
    }

    /**
     * The error reply to an element: a copy with {@code from} and {@code to} swapped, {@code type='error'} and the
     * error child. Empty for errors and IQ results, which are never answered with errors.
     */
    public static Optional<Element> errorReply(Element original, PacketError.Condition condition,
                                               PacketError.Type type) {
        String kind = original.attributeValue("type");
        if ("error".equals(kind) || ("iq".equals(original.getName()) && "result".equals(kind))) {
            return Optional.empty();
        }
        Element reply = original.createCopy();
        String from = original.attributeValue("from");
        String to = original.attributeValue("to");
        // dom4j removes an attribute set to null: a missing address stays missing.
        reply.addAttribute("from", to);
        reply.addAttribute("to", from);
        reply.addAttribute("type", "error");
        reply.add(new PacketError(condition, type).getElement());
        return Optional.of(reply);
    }

    /** The error reply to a packet, to be routed back to its sender; empty when it must not be answered. */
    public static Optional<Packet> bounce(Packet packet, PacketError.Condition condition, PacketError.Type type) {
        if (packet.getFrom() == null) {
            return Optional.empty();
        }
        return errorReply(packet.getElement(), condition, type).map(Stanzas::toPacket);
    }

    /**
     * The stanza as written to a component, UTF-8 encoded in a buffer of the allocator's. Openfire may hand over
     * stanzas parsed from client or server streams with their namespace; on the component stream the content
     * namespace is {@code jabber:component:accept}. Drops that namespace from the packet itself: call it with a
     * packet of one's own (routes keep a copy).
     */
    public static ByteBuf encodeForComponent(Packet packet, ByteBufAllocator allocator) {
        Element element = packet.getElement();
        String namespace = element.getNamespaceURI();
        if (!namespace.isEmpty()) {
            dropNamespace(element, namespace);
        }
        return encode(element, allocator);
    }

    /** The element as written on a component's stream (see {@link StanzaEncoder}). */
    public static ByteBuf encode(Element element, ByteBufAllocator allocator) {
        ByteBuf bytes = allocator.buffer();
        try {
            StanzaEncoder.write(element, bytes);
            return bytes;
        } catch (RuntimeException e) {
            bytes.release();
            throw e;
        }
    }

    private static void dropNamespace(Element element, String namespace) {
        if (namespace.equals(element.getNamespaceURI())) {
            element.setQName(QName.get(element.getName(), Namespace.NO_NAMESPACE));
            Namespace declared = element.getNamespaceForURI(namespace);
            if (declared != null && declared.getPrefix().isEmpty()) {
                element.remove(declared);
            }
        }
        for (Element child : element.elements()) {
            dropNamespace(child, namespace);
        }
    }
}
