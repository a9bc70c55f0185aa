package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts the stanzas of one run that came back: delivered, or bounced with an error. The run is over when every
 * stanza sent is one or the other.
 */
final class Completion {
    private final long expected;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong bounced = new AtomicLong();
    private final AtomicReference<String> firstBounce = new AtomicReference<>();
    private final CountDownLatch all = new CountDownLatch(1);

    Completion(long expected) {
        this.expected = expected;
    }

    void addDelivered() {
        delivered.incrementAndGet();
        countDownIfAll();
    }

    void addBounced(String error) {
        firstBounce.compareAndSet(null, error);
        bounced.incrementAndGet();
        countDownIfAll();
    }

    /** Counts a stanza of this run, by whether it is an error. */
    void count(String stanza) {
        if (StanzaText.isError(stanza)) {
            addBounced(stanza);
        } else {
            addDelivered();
        }
    }

    private void countDownIfAll() {
        if (delivered.get() + bounced.get() >= expected) {
            all.countDown();
        }
    }

    /** Waits until every stanza came back; false when the time ran out first. */
    boolean await(long timeoutMillis) throws InterruptedException {
        return all.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    long deliveredCount() {
        return delivered.get();
    }

    long bouncedCount() {
        return bounced.get();
    }

    String firstBounce() {
        return firstBounce.get();
    }

    long expected() {
        return expected;
    }
}
