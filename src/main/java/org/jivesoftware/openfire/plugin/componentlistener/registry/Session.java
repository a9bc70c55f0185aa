package org.jivesoftware.openfire.plugin.componentlistener.registry;

import java.util.concurrent.CompletableFuture;

/** A connected session, as the registry sees it. */
public interface Session extends ComponentLink {
    /** What happens when a domain that is taken is asked for again. */
    enum ConflictBehaviour { DISCONNECT, KICK_OLD, SHARE }

    /** What to do when the session's domain is taken: its listener's {@code conflict_behaviour}. */
    ConflictBehaviour conflictBehaviour();

    /** Whether the component sent Openfire's {@code allowMultiple} stream-header attribute. */
    boolean asksMultiple();

    /** How its listener spreads stanzas when the session founded a fleet. */
    Balancing balancing();

    /** Whether the session's listener hides its components from users' service discovery. */
    boolean hidden();

    /** Ends the session with {@code conflict}: a newer one took the domain. Completes once it is closed. */
    CompletableFuture<Void> kick(String text);

    /** Ends the session if Openfire's External Components settings no longer admit it. */
    void revalidate();

    /** Ends the session with {@code not-authorized}. */
    void revoke(String reason);
}
