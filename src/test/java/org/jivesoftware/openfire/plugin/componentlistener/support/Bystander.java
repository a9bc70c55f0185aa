package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.dom4j.Element;

/**
 * A component that goes on exchanging stanzas while a test attacks the listener it is connected to: on its own
 * thread it sends itself messages through the server, one at a time, and times each round trip.
 * <p>
 * Beside it a control thread only wakes up every millisecond and notes when it could not: then the whole process
 * stood still (a garbage collection, a machine busy with other work), not the server's event loop. Such pauses are
 * taken out of the round trips they overlap, so that what is measured is what an attack could cause through the
 * event loop (a pause of the whole process would need a flood of memory, which the tests bound by the bytes read).
 */
public final class Bystander implements AutoCloseable {
    private final RawComponent component;
    private final String domain;
    /** A wake-up this much later than asked for means that the process stood still. */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long CONTROL_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Each round trip as its start and end, in {@link System#nanoTime} terms. */
    private final List<long[]> roundTrips = Collections.synchronizedList(new ArrayList<>());
    /** Each time the control thread stood still, as its start and end. */
    private final List<long[]> pauses = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running;
    private volatile Throwable failure;
    private Thread thread;
    private Thread control;
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
        roundTrips.clear();
        pauses.clear();
        failure = null;
        running = true;
        thread = new Thread(this::exchange, "bystander " + domain);
        control = new Thread(this::watchPauses, "bystander control " + domain);
        control.start();
        thread.start();
    }

    /**
     * Stops exchanging, then makes one more round trip to show that the connection still works. Fails if a round
     * trip failed meanwhile (no answer within the component's timeout, or a wrong one).
     */
    public Exchanges stop() throws IOException, InterruptedException {
        running = false;
        thread.join(Await.DEADLINE.toMillis());
        control.join(Await.DEADLINE.toMillis());
        if (failure != null) {
            throw new AssertionError("The bystander's exchange failed", failure);
        }
        roundTrip();
        return new Exchanges(new ArrayList<>(roundTrips), new ArrayList<>(pauses));
    }

    private void exchange() {
        try {
            while (running) {
                long start = System.nanoTime();
                roundTrip();
                roundTrips.add(new long[] {start, System.nanoTime()});
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            failure = e;
        }
    }

    private void watchPauses() {
        long last = System.nanoTime();
        while (running) {
            LockSupport.parkNanos(CONTROL_TICK_NANOS);
            long now = System.nanoTime();
            if (now - last > PAUSE_NANOS) {
                pauses.add(new long[] {last, now});
            }
            last = now;
        }
    }

    private void roundTrip() throws IOException {
        String id = "b" + ++sequence;
        component.send("<message from='" + domain + "' to='" + domain + "' id='" + id + "'><body>ping</body>"
            + "</message>");
        Element echo = component.awaitElement("message");
        if (!id.equals(echo.attributeValue("id"))) {
            throw new AssertionError("Expected message " + id + ", got " + echo.asXML());
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        component.close();
    }

    /**
     * The round trips made between {@link #start} and {@link #stop}, each less the time it overlapped a pause of the
     * whole process, and those pauses.
     */
    public static final class Exchanges {
        private final List<Long> sortedNanos = new ArrayList<>();
        private final long pausedNanos;
        private final int pauseCount;

        private Exchanges(List<long[]> roundTrips, List<long[]> pauses) {
            for (long[] roundTrip : roundTrips) {
                long overlap = 0;
                for (long[] pause : pauses) {
                    overlap += Math.max(0, Math.min(roundTrip[1], pause[1]) - Math.max(roundTrip[0], pause[0]));
                }
                sortedNanos.add(roundTrip[1] - roundTrip[0] - overlap);
            }
            Collections.sort(sortedNanos);
            this.pausedNanos = pauses.stream().mapToLong(pause -> pause[1] - pause[0]).sum();
            this.pauseCount = pauses.size();
        }

        public int count() {
            return sortedNanos.size();
        }

        /** How long the whole process stood still meanwhile, in milliseconds. */
        public long pausedMillis() {
            return TimeUnit.NANOSECONDS.toMillis(pausedNanos);
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
                + " ms, max " + percentileMillis(100) + " ms (the process stood still " + pauseCount + " times, "
                + pausedMillis() + " ms in all, taken out)";
        }
    }
}
