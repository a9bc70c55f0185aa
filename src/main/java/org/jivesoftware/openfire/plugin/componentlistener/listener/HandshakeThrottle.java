package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed handshakes of one listener, per remote address and requested domain: after too many in a row, that pair
 * is refused for a while. Keyed by both because components of one host share its address: a gateway retrying with
 * an old secret must not lock out its correctly configured neighbours, nor a stranger its owner.
 */
final class HandshakeThrottle {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeThrottle.class);
    /** Pairs remembered at most; the least recently failed are forgotten first, so memory stays bounded. */
    static final int MAX_TRACKED = 10_000;

    private static final class Key {
        final InetAddress address;
        final String domain;

        Key(InetAddress address, String domain) {
            this.address = address;
            this.domain = domain;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).address.equals(address) && ((Key) o).domain.equals(domain);
        }

        @Override
        public int hashCode() {
            return Objects.hash(address, domain);
        }
    }

    private static final class Failures {
        int inARow;
        long lockedUntilNanos;
    }

    private final LongSupplier nanoClock;
    private final Map<Key, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Failures> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    HandshakeThrottle(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** How many milliseconds the pair is still refused for; empty when it may try. */
    synchronized OptionalLong lockedFor(InetAddress address, String domain) {
        Failures known = failures.get(new Key(address, domain));
        if (known == null || known.lockedUntilNanos == 0) {
            return OptionalLong.empty();
        }
        long left = known.lockedUntilNanos - nanoClock.getAsLong();
        if (left <= 0) {
            // The lockout is over: a fresh series of attempts.
            failures.remove(new Key(address, domain));
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }

    /** Counts a failed handshake; the one that reaches {@code allowed} in a row locks the pair out (0: never). */
    synchronized void failed(InetAddress address, String domain, int allowed, long lockoutMillis) {
        if (allowed == 0) {
            return;
        }
        Failures known = failures.computeIfAbsent(new Key(address, domain), key -> new Failures());
        known.inARow++;
        if (known.inARow >= allowed && known.lockedUntilNanos == 0) {
            known.lockedUntilNanos = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(lockoutMillis);
            LOG.warn("{} failed handshakes in a row for component {} from {}: refused for {} ms", known.inARow,
                domain, address.getHostAddress(), lockoutMillis);
        }
    }

    /** A correct handshake: the pair's failures are forgotten. */
    synchronized void succeeded(InetAddress address, String domain) {
        failures.remove(new Key(address, domain));
    }

    synchronized int tracked() {
        return failures.size();
    }
}
