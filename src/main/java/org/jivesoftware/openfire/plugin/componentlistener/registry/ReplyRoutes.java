package org.jivesoftware.openfire.plugin.componentlistener.registry;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * Which connection of a fleet sent which IQ request, so that the result or error goes back to it ("replies go
 * home"). Keyed by the request's addressee and id, as the reply comes from that addressee with that id. Bounded:
 * at most {@link #LIMIT} requests per domain, each kept {@link #EXPIRY_MILLIS}; the oldest go first. A reply whose
 * request was forgotten (or whose connection has left) is balanced like any other stanza.
 */
final class ReplyRoutes {
    /** Requests remembered per domain: a fleet sending more unanswered requests than this loses the oldest. */
    static final int LIMIT = 10_000;
    /** Twice Openfire's usual IQ timeout (60 s): a later reply is rare and then simply balanced. */
    static final long EXPIRY_MILLIS = 120_000;

    private static final class Request {
        final ComponentLink sender;
        final long expires;

        Request(ComponentLink sender, long expires) {
            this.sender = sender;
            this.expires = expires;
        }
    }

    private final Map<String, Request> requests = new LinkedHashMap<>();
    /** Milliseconds, as {@link System#currentTimeMillis()}; a test's own clock. */
    private final LongSupplier clock;

    ReplyRoutes() {
        this(System::currentTimeMillis);
    }

    ReplyRoutes(LongSupplier clock) {
        this.clock = clock;
    }

    /** Notes that the connection sent the request (an IQ get or set). */
    synchronized void noted(IQ request, ComponentLink sender) {
        long now = clock.getAsLong();
        forgetExpired(now);
        if (requests.size() >= LIMIT) {
            Iterator<String> oldest = requests.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        requests.put(key(request.getTo(), request.getID()), new Request(sender, now + EXPIRY_MILLIS));
    }

    /** The connection that sent the request this result or error answers, if remembered; forgets it. */
    synchronized ComponentLink senderOf(IQ reply) {
        Request request = requests.remove(key(reply.getFrom(), reply.getID()));
        return request == null || request.expires < clock.getAsLong() ? null : request.sender;
    }

    /** Forgets every request: the domain has one connection left, which every reply reaches anyway. */
    synchronized void clear() {
        requests.clear();
    }

    private void forgetExpired(long now) {
        Iterator<Request> oldest = requests.values().iterator();
        while (oldest.hasNext() && oldest.next().expires < now) {
            oldest.remove();
        }
    }

    private static String key(JID addressee, String id) {
        return addressee + "\n" + id;
    }
}
