package org.jivesoftware.openfire.plugin.componentlistener.registry;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Packet;

/** Which fleet connection a reply goes back to: matched by addressee and id, bounded, expiring. */
class ReplyRoutesTest {
    private static final String USER = "alice@example.org/phone";

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ReplyRoutes routes = new ReplyRoutes(now::get);
    private final ComponentLink first = new NoLink();
    private final ComponentLink second = new NoLink();

    private static final class NoLink implements ComponentLink {
        @Override
        public void deliver(Packet packet, Bounces bounces) {
        }

        @Override
        public List<Packet> detach() {
            return List.of();
        }

        @Override
        public void takeOver(List<Packet> packets, Bounces bounces) {
        }
    }

    private static IQ request(String to, String id) {
        IQ request = new IQ(IQ.Type.get, id);
        request.setFrom("gw.example.org");
        request.setTo(to);
        return request;
    }

    @Test
    void aReplyGoesToTheSenderOfItsRequestOnce() {
        routes.noted(request(USER, "a"), first);
        routes.noted(request(USER, "b"), second);
        routes.noted(request("bob@example.org/pc", "a"), second);
        assertSame(second, routes.senderOf(IQ.createResultIQ(request(USER, "b"))));
        assertSame(first, routes.senderOf(IQ.createResultIQ(request(USER, "a"))));
        assertSame(second, routes.senderOf(IQ.createResultIQ(request("bob@example.org/pc", "a"))), "by addressee");
        assertNull(routes.senderOf(IQ.createResultIQ(request(USER, "a"))), "a second reply is balanced");
        assertNull(routes.senderOf(IQ.createResultIQ(request(USER, "unknown"))));
    }

    @Test
    void requestsExpireAndTheOldestGoPastTheLimit() {
        routes.noted(request(USER, "old"), first);
        now.addAndGet(ReplyRoutes.EXPIRY_MILLIS + 1);
        assertNull(routes.senderOf(IQ.createResultIQ(request(USER, "old"))), "expired");

        for (int i = 0; i <= ReplyRoutes.LIMIT; i++) {
            routes.noted(request(USER, String.valueOf(i)), i == 0 ? first : second);
        }
        assertNull(routes.senderOf(IQ.createResultIQ(request(USER, "0"))), "the oldest went past the limit");
        assertSame(second, routes.senderOf(IQ.createResultIQ(request(USER, "1"))));
        assertSame(second, routes.senderOf(IQ.createResultIQ(request(USER, String.valueOf(ReplyRoutes.LIMIT)))));
    }
}
