package org.jivesoftware.openfire.plugin.componentlistener.registry;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.xmpp.packet.Packet;

/** A connected session, as the registry sees it. */
public interface Session extends ComponentLink {
    /** What happens when a domain that is taken is asked for again. */
    enum ConflictBehaviour {
        DISCONNECT, KICK_OLD, SHARE;

        /** The behaviour of an option value ({@code disconnect}, {@code kick_old}, {@code share}). */
        public static ConflictBehaviour named(String optionValue) {
            return valueOf(optionValue.toUpperCase(Locale.ROOT));
        }
    }

    /** What to do when the session's domain is taken: its listener's {@code conflict_behaviour}. */
    ConflictBehaviour conflictBehaviour();

    /** Whether the component sent Openfire's {@code allowMultiple} stream-header attribute. */
    boolean asksMultiple();

    /** How its listener spreads stanzas when the session founded a fleet. */
    Balancing balancing();

    /**
     * Hands back the stanzas accepted and not yet written, in order, and goes on taking stanzas: when a connection
     * joins the fleet, they are balanced again, so that those of the keys the newcomer takes over stay in order.
     */
    List<Packet> takeQueued();

    /** Whether the session's listener hides its components from users' service discovery. */
    boolean hidden();

    /** Ends the session with {@code conflict}: a newer one took the domain. Completes once it is closed. */
    CompletableFuture<Void> kick(String text);

    /** Ends the session if Openfire's External Components settings no longer admit it. */
    void revalidate();

    /** Ends the session with {@code not-authorized}. */
    void revoke(String reason);
}
