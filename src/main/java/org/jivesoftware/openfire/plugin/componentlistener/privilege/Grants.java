package org.jivesoftware.openfire.plugin.componentlistener.privilege;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.xmpp.packet.IQ;

/** What one component domain is granted (XEP-0356). Immutable; {@link #NONE} grants nothing. */
public final class Grants {
    public static final String NAMESPACE = "urn:xmpp:privilege:2";
    public static final Grants NONE = new Grants(Access.NONE, false, MessageAccess.NONE, PresenceAccess.NONE, Map.of());

    /** XEP-0356's message permission. */
    public enum MessageAccess {
        NONE, OUTGOING;

        public String xmlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** XEP-0356's presence permission: a user's own presences, or also those of the user's contacts. */
    public enum PresenceAccess {
        NONE, MANAGED_ENTITY, ROSTER;

        public String xmlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Access roster;
    private final boolean rosterPush;
    private final MessageAccess message;
    private final PresenceAccess presence;
    private final SortedMap<String, Access> iq;

    /** @param rosterPush asked for; pushes are sent only with roster {@code get} or {@code both}, as the XEP says */
    public Grants(Access roster, boolean rosterPush, MessageAccess message, PresenceAccess presence,
                  Map<String, Access> iq) {
        this.roster = roster;
        this.rosterPush = rosterPush && roster.allows(IQ.Type.get);
        this.message = message;
        this.presence = presence;
        this.iq = Collections.unmodifiableSortedMap(new TreeMap<>(iq));
    }

    /** XEP-0356: push defaults to true with roster {@code get} or {@code both}, and is false otherwise. */
    public static boolean defaultRosterPush(Access roster) {
        return roster.allows(IQ.Type.get);
    }

    public Access roster() {
        return roster;
    }

    public boolean rosterPush() {
        return rosterPush;
    }

    public MessageAccess message() {
        return message;
    }

    public PresenceAccess presence() {
        return presence;
    }

    /** Namespace to the IQ types granted in it, sorted by namespace. */
    public SortedMap<String, Access> iq() {
        return iq;
    }

    public boolean isEmpty() {
        return roster == Access.NONE && message == MessageAccess.NONE && presence == PresenceAccess.NONE
            && iq.isEmpty();
    }

    /** True when an IQ of this type in this namespace may be sent on a user's behalf. */
    public boolean allowsIq(String namespace, IQ.Type type) {
        return Optional.ofNullable(iq.get(namespace)).map(access -> access.allows(type)).orElse(false);
    }

    /** The {@code <privilege xmlns='urn:xmpp:privilege:2'/>} element listing the granted permissions only. */
    public Element advertisement() {
        Element privilege = DocumentHelper.createElement(DocumentHelper.createQName("privilege",
            DocumentHelper.createNamespace("", NAMESPACE)));
        if (roster != Access.NONE) {
            Element perm = perm(privilege, "roster", roster.xmlName());
            if (roster.allows(IQ.Type.get)) {
                perm.addAttribute("push", String.valueOf(rosterPush));
            }
        }
        if (message != MessageAccess.NONE) {
            perm(privilege, "message", message.xmlName());
        }
        if (presence != PresenceAccess.NONE) {
            perm(privilege, "presence", presence.xmlName());
        }
        if (!iq.isEmpty()) {
            Element perm = privilege.addElement("perm", NAMESPACE).addAttribute("access", "iq");
            iq.forEach((namespace, access) -> perm.addElement("namespace", NAMESPACE)
                .addAttribute("ns", namespace).addAttribute("type", access.xmlName()));
        }
        return privilege;
    }

    private static Element perm(Element privilege, String access, String type) {
        return privilege.addElement("perm", NAMESPACE).addAttribute("access", access).addAttribute("type", type);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Grants)) {
            return false;
        }
        Grants other = (Grants) o;
        return roster == other.roster && rosterPush == other.rosterPush && message == other.message
            && presence == other.presence && iq.equals(other.iq);
    }

    @Override
    public int hashCode() {
        return Objects.hash(roster, rosterPush, message, presence, iq);
    }

    @Override
    public String toString() {
        return advertisement().asXML();
    }
}
