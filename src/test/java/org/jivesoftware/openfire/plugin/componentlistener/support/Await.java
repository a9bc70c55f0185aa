package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for what a test asserts, up to a deadline, instead of sleeping a fixed time: CI runs on a busy machine,
 * where the server's threads may be late by seconds. The deadline is generous because a passing test never waits
 * for it; every helper that waits for the server (see {@link RawComponent}, {@link ListenerFixture}) uses it.
 */
public final class Await {
    /** Long enough for a machine busy with other builds; only a failing test waits this long. */
    public static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final long POLL_MILLIS = 5;

    private Await() {
    }

    /** Waits until the condition holds; fails with what was awaited and {@code state}'s last word otherwise. */
    public static void until(String what, BooleanSupplier condition, Supplier<String> state) {
        value(what, () -> condition.getAsBoolean() ? Boolean.TRUE : null, state);
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "it never held");
    }

    /**
     * Waits until the supplier gives something other than null and returns it, e.g. the next packet of a queue;
     * fails as {@link #until(String, BooleanSupplier, Supplier)} does.
     */
    public static <T> T value(String what, Supplier<T> value, Supplier<String> state) {
        long deadline = deadlineNanos();
        for (T found = value.get(); ; found = value.get()) {
            if (found != null) {
                return found;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + DEADLINE.toSeconds() + " s waiting for " + what
                    + ": " + state.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
        }
    }

    public static <T> T value(String what, Supplier<T> value) {
        return value(what, value, () -> "none came");
    }

    /** The {@link System#nanoTime()} at which a wait that starts now gives up, for helpers with a loop of their own. */
    public static long deadlineNanos() {
        return System.nanoTime() + DEADLINE.toNanos();
    }

    /** True once a deadline from {@link #deadlineNanos()} has passed. */
    public static boolean passed(long deadlineNanos) {
        return System.nanoTime() - deadlineNanos > 0;
    }
}
