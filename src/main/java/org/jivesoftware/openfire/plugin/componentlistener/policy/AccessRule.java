package org.jivesoftware.openfire.plugin.componentlistener.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.xmpp.packet.JID;

/**
 * Who may send stanzas to the components of a listener (the {@code access} option): a comma-separated list of
 * {@code all}, {@code local} (accounts of this server), {@code admins}, {@code group:NAME}, a bare JID or a domain.
 * A sender matching any item is allowed. Pure apart from the directory it is given.
 */
public final class AccessRule {
    public static final AccessRule ALL = new AccessRule("all", List.of(new Item(Kind.ALL, "")));

    /** Who is an admin or a group member; Openfire's user directory in production. */
    public interface Directory {
        boolean isAdmin(JID user);

        boolean isInGroup(JID user, String group);
    }

    private enum Kind { ALL, LOCAL, ADMINS, GROUP, JID, DOMAIN }

    private static final class Item {
        final Kind kind;
        final String value;

        Item(Kind kind, String value) {
            this.kind = kind;
            this.value = value;
        }
    }

    private final String text;
    private final List<Item> items;
    /** Asked for every stanza to a component: decided once. */
    private final boolean everybody;

    private AccessRule(String text, List<Item> items) {
        this.text = text;
        this.items = items;
        this.everybody = items.stream().anyMatch(item -> item.kind == Kind.ALL);
    }

    /** Parses a rule; {@link Invalid} with a message naming the bad item. */
    public static AccessRule parse(String text) {
        List<Item> items = new ArrayList<>();
        for (String raw : text.split(",")) {
            String item = raw.trim();
            if (item.isEmpty()) {
                continue;
            }
            items.add(parseItem(item));
        }
        if (items.isEmpty()) {
            throw new Invalid(Message.of("error.access.empty"));
        }
        return new AccessRule(text.trim(), Collections.unmodifiableList(items));
    }

    private static Item parseItem(String item) {
        String lower = item.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "all":
                return new Item(Kind.ALL, "");
            case "local":
                return new Item(Kind.LOCAL, "");
            case "admins":
                return new Item(Kind.ADMINS, "");
            default:
                break;
        }
        if (lower.startsWith("group:")) {
            String group = item.substring("group:".length()).trim();
            if (group.isEmpty()) {
                throw new Invalid(Message.of("error.access.group", item));
            }
            return new Item(Kind.GROUP, group);
        }
        JID jid;
        try {
            jid = new JID(item);
        } catch (IllegalArgumentException e) {
            throw new Invalid(Message.of("error.access.item", item));
        }
        if (jid.getResource() != null) {
            throw new Invalid(Message.of("error.access.resource", item));
        }
        return jid.getNode() == null ? new Item(Kind.DOMAIN, jid.getDomain()) : new Item(Kind.JID, jid.toBareJID());
    }

    /** True when the sender may reach the listener's components. */
    public boolean allows(JID sender, String xmppDomain, Directory directory) {
        for (Item item : items) {
            if (matches(item, sender, xmppDomain, directory)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Item item, JID sender, String xmppDomain, Directory directory) {
        switch (item.kind) {
            case ALL:
                return true;
            case LOCAL:
                return sender != null && sender.getNode() != null && xmppDomain.equals(sender.getDomain());
            case ADMINS:
                return sender != null && directory.isAdmin(sender.asBareJID());
            case GROUP:
                return sender != null && directory.isInGroup(sender.asBareJID(), item.value);
            case JID:
                return sender != null && item.value.equals(sender.toBareJID());
            case DOMAIN:
                return sender != null && item.value.equals(sender.getDomain());
            default:
                return false;
        }
    }

    /**
     * The answer where no directory lookup is needed: true when an item that needs none matches, false when no item
     * matches and none needs a lookup; empty when only the directory ({@code admins}, {@code group:}) can tell.
     */
    public Optional<Boolean> allowsWithoutLookup(JID sender, String xmppDomain) {
        boolean lookupNeeded = false;
        for (Item item : items) {
            if (item.kind == Kind.ADMINS || item.kind == Kind.GROUP) {
                lookupNeeded = true;
            } else if (matches(item, sender, xmppDomain, null)) {
                return Optional.of(true);
            }
        }
        return lookupNeeded ? Optional.empty() : Optional.of(false);
    }

    /** True for the rule that lets everybody through (checked without a lookup). */
    public boolean allowsEverybody() {
        return everybody;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessRule && ((AccessRule) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /** A rule that cannot be parsed, with the reason for the admin. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient Message reason;

        Invalid(Message reason) {
            super(reason.english());
            this.reason = reason;
        }

        public Message reason() {
            return reason;
        }
    }
}
