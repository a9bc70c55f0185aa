package org.jivesoftware.openfire.plugin.componentlistener.registry;

/**
 * What a node did when another node's newcomer asked it to give up a domain. Declared from what weighs most to what
 * weighs least: the answers of several nodes add up to the first of theirs in this order.
 */
public enum ReleaseOutcome {
    /** Its connected component was closed with {@code conflict}: the newcomer's {@code kick_old}. */
    KICKED,
    /** The domain was held for a reconnecting component, or already on its way out: it is let go. */
    RELEASED,
    /** Its connected component keeps the domain: the newcomer does not kick. */
    HELD,
    /** The node does not hold the domain (or could not answer). */
    NONE_HELD;

    /** Whether the domain is leaving that node: the newcomer may have it once Openfire's routing has let it go. */
    public boolean frees() {
        return this == KICKED || this == RELEASED;
    }
}
