package org.jivesoftware.openfire.plugin.componentlistener.registry;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

/**
 * How a fleet (several connections of one domain) spreads the stanzas routed to the domain: the listener option
 * {@code balancing}. The hashed modes give every stanza a key and send a key always to the same connection while
 * the fleet does not change; joins and leaves move only the keys of the connection that comes or goes (rendezvous
 * hashing, see {@link Fleet}).
 */
public enum Balancing {
    /** The sender's bare JID: all of one user's traffic reaches one connection (the default). */
    BARE_SOURCE,
    /** The sender's full JID. */
    SOURCE,
    /** The recipient's bare JID (e.g. a gateway's legacy contact). */
    BARE_DESTINATION,
    /** The recipient's full JID. */
    DESTINATION,
    /** Any connection, chosen at random for each stanza. */
    RANDOM,
    /** The connections in turn, as Openfire's own component port does. */
    ROUND_ROBIN;

    /** By option value: a fleet looks its mode up for every stanza, without allocating. */
    private static final Map<String, Balancing> BY_OPTION_VALUE = new HashMap<>();

    static {
        for (Balancing mode : values()) {
            BY_OPTION_VALUE.put(mode.optionValue(), mode);
        }
    }

    /** The mode of an option value ({@code bare_source} ...), which the option's definition has checked. */
    public static Balancing named(String optionValue) {
        Balancing mode = BY_OPTION_VALUE.get(optionValue);
        if (mode == null) {
            throw new IllegalArgumentException("No balancing " + optionValue);
        }
        return mode;
    }

    /** The option value of the mode. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean hashed() {
        return this != RANDOM && this != ROUND_ROBIN;
    }

    /** The stanza's key in a hashed mode; computed from the JID's parts, which Tinder keeps, without allocating. */
    int key(Packet packet) {
        switch (this) {
            case BARE_SOURCE:
                return bareHash(packet.getFrom());
            case SOURCE:
                return fullHash(packet.getFrom());
            case BARE_DESTINATION:
                return bareHash(packet.getTo());
            case DESTINATION:
                return fullHash(packet.getTo());
            default:
                throw new IllegalStateException(this + " has no key");
        }
    }

    private static int bareHash(JID jid) {
        return jid == null ? 0 : 31 * hash(jid.getNode()) + hash(jid.getDomain());
    }

    private static int fullHash(JID jid) {
        return jid == null ? 0 : 31 * bareHash(jid) + hash(jid.getResource());
    }

    private static int hash(String part) {
        return part == null ? 0 : part.hashCode();
    }
}
