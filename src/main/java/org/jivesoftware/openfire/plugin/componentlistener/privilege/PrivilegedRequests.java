package org.jivesoftware.openfire.plugin.componentlistener.privilege;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.port.UserServices;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Roster;

/**
 * What a component sends on a local user's behalf (XEP-0356): roster gets and sets addressed to the user's bare JID,
 * messages wrapped in {@code <privilege><forwarded/></privilege>}, IQs wrapped in {@code <privileged_iq/>}. Each is
 * checked against the component's grants and done, or refused with the XEP's error; every other stanza is left to
 * the normal routing. Runs on the connection's event loop; what waits for Openfire answers later.
 */
final class PrivilegedRequests {
    static final String ROSTER = "jabber:iq:roster";
    static final String FORWARD = "urn:xmpp:forward:0";
    static final String CARBONS = "urn:xmpp:carbons:2";
    private static final String HINTS = "urn:xmpp:hints";
    private static final String CLIENT = "jabber:client";
    private static final String COMPONENT = "jabber:component:accept";
    private static final Set<String> INNER_NAMESPACES = Set.of(CLIENT, COMPONENT, "");

    /** The privileged requests a component may send. */
    enum Kind { NONE, ROSTER, PRIVILEGED_IQ, MESSAGE }

    /** Why a request was refused: one log line per component and cause. */
    enum Cause { NOT_GRANTED, NOT_LOCAL_USER, MALFORMED, SERVER_REFUSED }

    /** Where refusals are reported. */
    interface Refusals {
        void refused(String domain, Cause cause, String detail);
    }

    private final OpenfireServer server;
    private final UserServices users;
    private final Refusals refusals;

    PrivilegedRequests(OpenfireServer server, UserServices users, Refusals refusals) {
        this.server = server;
        this.users = users;
        this.refusals = refusals;
    }

    /**
     * Handles the stanza if it is a privileged request; {@code answer} sends a stanza back to the component (from
     * any thread). False when the stanza is not one: it is routed as usual.
     */
    boolean handle(Packet packet, String domain, Grants grants, Consumer<Packet> answer) {
        switch (kind(packet)) {
            case ROSTER:
                roster((IQ) packet, domain, grants, answer);
                return true;
            case PRIVILEGED_IQ:
                privilegedIq((IQ) packet, domain, grants, answer);
                return true;
            case MESSAGE:
                message((Message) packet, packet.getElement().element(QName.get("privilege", Grants.NAMESPACE)),
                    domain, grants, answer);
                return true;
            default:
                return false;
        }
    }

    /** Which privileged request the stanza is, if any: cheap, for the event loop. */
    Kind kind(Packet packet) {
        if (packet instanceof IQ) {
            IQ iq = (IQ) packet;
            Element child = iq.getChildElement();
            if (!iq.isRequest() || child == null || !isLocalBareJid(iq.getTo())) {
                return Kind.NONE;
            }
            if (ROSTER.equals(child.getNamespaceURI())) {
                return Kind.ROSTER;
            }
            return "privileged_iq".equals(child.getName()) && Grants.NAMESPACE.equals(child.getNamespaceURI())
                ? Kind.PRIVILEGED_IQ : Kind.NONE;
        }
        return packet instanceof Message && packet.getElement().element(QName.get("privilege", Grants.NAMESPACE))
            != null ? Kind.MESSAGE : Kind.NONE;
    }

    private boolean isLocalBareJid(JID to) {
        return to != null && to.getNode() != null && to.getResource() == null
            && server.xmppDomain().equals(to.getDomain());
    }

    // ---- roster ---------------------------------------------------------------------------------------------------

    private void roster(IQ iq, String domain, Grants grants, Consumer<Packet> answer) {
        if (!grants.roster().allows(iq.getType())) {
            refuse(iq, domain, Cause.NOT_GRANTED, "roster " + iq.getType(), PacketError.Condition.forbidden, answer);
            return;
        }
        if (!users.isLocalUser(iq.getTo())) {
            refuse(iq, domain, Cause.NOT_LOCAL_USER, iq.getTo().toString(), PacketError.Condition.forbidden, answer);
            return;
        }
        String username = iq.getTo().getNode();
        try {
            if (iq.getType() == IQ.Type.get) {
                Roster roster = users.roster(username);
                roster.setType(IQ.Type.result);
                roster.setID(iq.getID());
                roster.setFrom(iq.getTo());
                roster.setTo(iq.getFrom());
                answer.accept(roster);
                return;
            }
            Collection<Roster.Item> items = new Roster(iq.getElement().createCopy()).getItems();
            if (items.isEmpty()) {
                refuse(iq, domain, Cause.MALFORMED, "roster set without an item", PacketError.Condition.bad_request,
                    answer);
                return;
            }
            for (Roster.Item item : items) {
                users.updateRoster(username, item);
            }
            answer.accept(IQ.createResultIQ(iq));
        } catch (UserServices.RosterRefusal e) {
            refuse(iq, domain, Cause.SERVER_REFUSED, e.getMessage(), e.condition(), answer);
        } catch (IllegalArgumentException e) {
            // A roster item with a malformed JID or attribute, as Tinder reads it.
            refuse(iq, domain, Cause.MALFORMED, e.getMessage(), PacketError.Condition.bad_request, answer);
        }
    }

    // ---- message --------------------------------------------------------------------------------------------------

    private void message(Message wrapper, Element privilege, String domain, Grants grants, Consumer<Packet> answer) {
        Element forwarded = privilege.element(QName.get("forwarded", FORWARD));
        Element inner = forwarded == null ? null : forwarded.element("message");
        if (inner == null || !INNER_NAMESPACES.contains(inner.getNamespaceURI())) {
            refuse(wrapper, domain, Cause.MALFORMED, "no forwarded message", PacketError.Condition.bad_request, answer);
            return;
        }
        if (grants.message() != Grants.MessageAccess.OUTGOING) {
            refuse(wrapper, domain, Cause.NOT_GRANTED, "message", PacketError.Condition.forbidden, answer);
            return;
        }
        Message message = new Message(asServerStanza(inner), true);
        JID from = message.getFrom();
        if (from == null || !users.isLocalUser(from.asBareJID()) || message.getTo() == null) {
            refuse(wrapper, domain, Cause.NOT_LOCAL_USER, String.valueOf(from), PacketError.Condition.forbidden,
                answer);
            return;
        }
        server.route(message.createCopy());
        if (carbonsEligible(message)) {
            for (JID resource : users.carbonsEnabledResources(from.getNode())) {
                if (!resource.equals(from)) {
                    server.route(sentCarbon(message, resource));
                }
            }
        }
    }

    /** XEP-0280's rules for which messages are copied; {@code <private/>} and {@code <no-copy/>} opt out. */
    private static boolean carbonsEligible(Message message) {
        Message.Type type = message.getType();
        return (type == Message.Type.chat || (type == Message.Type.normal && message.getBody() != null))
            && message.getElement().element(QName.get("private", CARBONS)) == null
            && message.getElement().element(QName.get("no-copy", HINTS)) == null;
    }

    private static Message sentCarbon(Message message, JID resource) {
        Message carbon = new Message();
        carbon.setType(message.getType());
        carbon.setFrom(message.getFrom().asBareJID());
        carbon.setTo(resource);
        carbon.addChildElement("sent", CARBONS).addElement("forwarded", FORWARD)
            .add(inClientNamespace(message.getElement()));
        return carbon;
    }

    // ---- IQ -------------------------------------------------------------------------------------------------------

    private void privilegedIq(IQ wrapper, String domain, Grants grants, Consumer<Packet> answer) {
        Element inner = wrapper.getChildElement().element("iq");
        Element payload = inner == null || inner.elements().size() != 1 ? null : inner.elements().get(0);
        IQ request = payload == null || !INNER_NAMESPACES.contains(inner.getNamespaceURI()) ? null
            : new IQ(asServerStanza(inner), true);
        if (request == null || request.getType() != wrapper.getType() || request.getFrom() == null
            || !request.getFrom().equals(wrapper.getTo())) {
            refuse(wrapper, domain, Cause.MALFORMED, "privileged_iq", PacketError.Condition.bad_request, answer);
            return;
        }
        String namespace = payload.getNamespaceURI();
        if (!grants.allowsIq(namespace, request.getType())) {
            refuse(wrapper, domain, Cause.NOT_GRANTED, "iq " + namespace + " " + request.getType(),
                PacketError.Condition.forbidden, answer);
            return;
        }
        if (!users.isLocalUser(request.getFrom())) {
            refuse(wrapper, domain, Cause.NOT_LOCAL_USER, request.getFrom().toString(),
                PacketError.Condition.forbidden, answer);
            return;
        }
        String innerId = request.getID();
        // Answers are matched by id server-wide: the executed IQ gets one of its own.
        request.setID("privileged-" + UUID.randomUUID());
        users.executeAsUser(request).thenAccept(result -> {
            result.setID(innerId);
            IQ outer = IQ.createResultIQ(wrapper);
            outer.setChildElement("privileged_iq", Grants.NAMESPACE).add(inClientNamespace(result.getElement()));
            answer.accept(outer);
        });
    }

    // ---- refusals -------------------------------------------------------------------------------------------------

    private void refuse(Packet request, String domain, Cause cause, String detail, PacketError.Condition condition,
                        Consumer<Packet> answer) {
        refusals.refused(domain, cause, detail);
        // An IQ error without the request's payload: a wrapped IQ would only be sent back unexecuted.
        Packet error = request instanceof IQ ? IQ.createResultIQ((IQ) request) : request.createCopy();
        error.setFrom(request.getTo());
        error.setTo(request.getFrom());
        error.setError(condition);
        error.getElement().addAttribute("type", "error");
        answer.accept(error);
    }

    /** A copy of a wrapped stanza with the component stream's namespace dropped, as Openfire's own stanzas are. */
    private static Element asServerStanza(Element wrapped) {
        Element copy = wrapped.createCopy();
        dropComponentNamespace(copy);
        return copy;
    }

    /**
     * A copy of a stanza to be wrapped in another element (XEP-0297 style): in {@code jabber:client}, as are its
     * children that have no namespace of their own (such as {@code <body/>} and {@code <error/>}), or they would
     * take the wrapper's namespace.
     */
    private static Element inClientNamespace(Element stanza) {
        Element copy = stanza.createCopy();
        setClientNamespace(copy);
        return copy;
    }

    private static void setClientNamespace(Element element) {
        if (element.getNamespaceURI().isEmpty() || COMPONENT.equals(element.getNamespaceURI())) {
            element.setQName(QName.get(element.getName(), Namespace.get(CLIENT)));
            for (Element child : element.elements()) {
                setClientNamespace(child);
            }
        }
    }

    private static void dropComponentNamespace(Element element) {
        if (COMPONENT.equals(element.getNamespaceURI())) {
            element.setQName(QName.get(element.getName(), Namespace.NO_NAMESPACE));
        }
        for (Element child : element.elements()) {
            dropComponentNamespace(child);
        }
    }
}
