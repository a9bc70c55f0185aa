package org.jivesoftware.openfire.plugin.componentlistener.policy;

import org.xmpp.packet.JID;

/**
 * The addresses one component wrote last, parsed and normalised (stringprep), in slots by hash: a component
 * writes the same few senders and recipients again and again, and parsing one costs three lookups in Tinder's
 * stringprep caches and as many new strings. Not thread-safe: one per connection, used on its event loop.
 */
final class Addresses {
    /**
     * Slots (a power of two): enough that a gateway writing to a few dozen users in turn does not evict each address
     * before its next use (16 did, for 20 users round robin), and about 10 KB per connection when all are filled.
     */
    private static final int SLOTS = 64;

    private final String[] written = new String[SLOTS];
    private final Address[] parsed = new Address[SLOTS];

    /** An address as parsed: its normalised JID, and whether it was written so (then it need not be written again). */
    static final class Address {
        final JID jid;
        final boolean normalised;

        private Address(JID jid, boolean normalised) {
            this.jid = jid;
            this.normalised = normalised;
        }
    }

    /** The address parsed, or null when it is missing or not a JID. */
    Address parse(String address) {
        if (address == null || address.isEmpty()) {
            return null;
        }
        int slot = address.hashCode() & (SLOTS - 1);
        if (address.equals(written[slot])) {
            return parsed[slot];
        }
        JID jid;
        try {
            jid = new JID(address);
        } catch (IllegalArgumentException e) {
            return null;
        }
        written[slot] = address;
        parsed[slot] = new Address(jid, isWrittenAs(jid, address));
        return parsed[slot];
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
}
