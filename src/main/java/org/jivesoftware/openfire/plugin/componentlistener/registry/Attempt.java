package org.jivesoftware.openfire.plugin.componentlistener.registry;

import java.util.Optional;

import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry.Registration;

/**
 * What one try to register a domain decided under the registry's lock: the outcome, or what to wait for outside
 * the lock before the next try.
 */
final class Attempt {
    /** Null: try again. */
    final Optional<Registration> result;
    final Runnable waitOutsideLock;
    /** False when the wait was for a departing route to go: the domain was not refused yet. */
    final boolean counts;

    private Attempt(Optional<Registration> result, Runnable waitOutsideLock, boolean counts) {
        this.result = result;
        this.waitOutsideLock = waitOutsideLock;
        this.counts = counts;
    }

    static Attempt done(Optional<Registration> result) {
        return new Attempt(result, () -> { }, true);
    }

    static Attempt doneAfter(Optional<Registration> result, Runnable wait) {
        return new Attempt(result, wait, true);
    }

    static Attempt retryAfter(Runnable wait) {
        return new Attempt(null, wait, true);
    }

    static Attempt afterDeparture(Runnable wait) {
        return new Attempt(null, wait, false);
    }
}
