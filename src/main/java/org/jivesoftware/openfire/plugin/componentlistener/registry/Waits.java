package org.jivesoftware.openfire.plugin.componentlistener.registry;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registry's waits, on its worker and outside its lock: for sessions to close and routes to go. */
final class Waits {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentRegistry.class);
    /** How long a kicked connection may take to close, and a kicked native session to free its route. */
    static final long KICK_WAIT_MILLIS = 5000;
    private static final long POLL_MILLIS = 5;

    private Waits() {
    }

    /** Waits for a replaced session to close or a departed one's route to go; logs what did not happen in time. */
    static void await(CompletableFuture<Void> done, String lateWarning, String domain) {
        try {
            done.get(KICK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn(lateWarning, domain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the condition holds, at most {@code millis}. */
    static void until(BooleanSupplier condition, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
