package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.dom4j.Element;

/**
 * A component that goes on exchanging stanzas while a test attacks the listener it is connected to: on its own
 * thread it sends itself messages through the server, one at a time, and times each round trip.
 */
public final class Bystander implements AutoCloseable {
    private final RawComponent component;
    private final String domain;
    private final List<Long> roundTripNanos = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running;
    private volatile Throwable failure;
    private Thread thread;
    private long sequence;

    private Bystander(RawComponent component, String domain) {
        this.component = component;
        this.domain = domain;
    }

    /** Authenticates and makes a first round trip, which also answers Openfire's disco#info probe. */
    public static Bystander connect(int port, String domain, String secret) throws IOException {
        Bystander bystander = new Bystander(RawComponent.connect(port, domain, secret), domain);
        bystander.roundTrip();
        return bystander;
    }

    public String domain() {
        return domain;
    }

    /** Starts exchanging in the background; round trips are counted from here. */
    public void start() {
        roundTripNanos.clear();
        failure = null;
        running = true;
        thread = new Thread(this::exchange, "bystander " + domain);
        thread.start();
    }

    /**
     * Stops exchanging, then makes one more round trip to show that the connection still works. Fails if a round
     * trip failed meanwhile (no answer within the component's timeout, or a wrong one).
     */
    public Exchanges stop() throws IOException, InterruptedException {
        running = false;
        thread.join(Await.DEADLINE.toMillis());
        if (failure != null) {
            throw new AssertionError("The bystander's exchange failed", failure);
        }
        roundTrip();
        return new Exchanges(new ArrayList<>(roundTripNanos));
    }

    private void exchange() {
        try {
            while (running) {
                roundTripNanos.add(roundTrip());
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            failure = e;
        }
    }

    private long roundTrip() throws IOException {
        String id = "b" + ++sequence;
        long start = System.nanoTime();
        component.send("<message from='" + domain + "' to='" + domain + "' id='" + id + "'><body>ping</body>"
            + "</message>");
        Element echo = component.awaitElement("message");
        if (!id.equals(echo.attributeValue("id"))) {
            throw new AssertionError("Expected message " + id + ", got " + echo.asXML());
        }
        return System.nanoTime() - start;
    }

    @Override
    public void close() throws IOException {
        running = false;
        component.close();
    }

    /** The round trips made between {@link #start} and {@link #stop}. */
    public static final class Exchanges {
        private final List<Long> sortedNanos;

        private Exchanges(List<Long> nanos) {
            Collections.sort(nanos);
            this.sortedNanos = nanos;
        }

        public int count() {
            return sortedNanos.size();
        }

        /** The round-trip time that this share of round trips (0 to 100) did not exceed, in milliseconds. */
        public double percentileMillis(double percent) {
            if (sortedNanos.isEmpty()) {
                return 0;
            }
            int index = (int) Math.ceil(percent / 100 * sortedNanos.size()) - 1;
            return sortedNanos.get(Math.max(0, index)) / 1e6;
        }

        /** How many round trips took at least this long. */
        public int slowerThan(double millis) {
            return (int) sortedNanos.stream().filter(nanos -> nanos / 1e6 >= millis).count();
        }

        @Override
        public String toString() {
            return count() + " round trips, median " + percentileMillis(50) + " ms, p99 " + percentileMillis(99)
                + " ms, max " + percentileMillis(100) + " ms";
        }
    }
}
