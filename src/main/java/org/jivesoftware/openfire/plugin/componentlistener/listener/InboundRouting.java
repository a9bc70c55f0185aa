package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.netty.channel.Channel;
import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfig;
import org.jivesoftware.openfire.plugin.componentlistener.disco.HiddenProbeFilter;
import org.jivesoftware.openfire.plugin.componentlistener.policy.InboundStanzaCheck;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireCalls;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.privilege.Privileges;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;
import org.jivesoftware.openfire.plugin.componentlistener.stanza.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * The stanzas a connected component sends, on their way into Openfire: checked ({@code check_from}), answers to our
 * pings and to Openfire's probes of a hidden component kept back, privileged requests (XEP-0356) handed to
 * {@link Privileges} (on Openfire's call pool), the rest routed; a refused stanza is answered with an error. On the
 * connection's event loop.
 */
final class InboundRouting {
    /** Logged as the connection's, beside the other news of the component's stream. */
    private static final Logger LOG = LoggerFactory.getLogger(ComponentConnection.class);

    private final Channel channel;
    private final Supplier<ListenerConfig> settings;
    private final OpenfireServer server;
    private final Traffic traffic;
    private final Keepalive keepalive;
    private final InboundStanzaCheck inboundCheck = new InboundStanzaCheck();
    private final Privileges privileges;
    /** Writes a stanza to the component from any thread: privileged answers, pushes and presences. */
    private final Consumer<Packet> toComponent = this::sendSoon;
    /** Privileged requests, and the stanzas that came after one still in hand, in order, on Openfire's call pool. */
    private final OrderedExecutor privilegedWork;
    private final AtomicInteger privilegedInHand = new AtomicInteger();
    private String domain;

    InboundRouting(Channel channel, Supplier<ListenerConfig> settings, OpenfireServer server, Traffic traffic,
                   Keepalive keepalive, Privileges privileges, OpenfireCalls openfireCalls) {
        this.channel = channel;
        this.settings = settings;
        this.server = server;
        this.traffic = traffic;
        this.keepalive = keepalive;
        this.privileges = privileges;
        this.privilegedWork = new OrderedExecutor(openfireCalls);
    }

    /** The component authenticated for the domain: it is told its privileges before anything else. */
    void established(String authenticated) {
        domain = authenticated;
        privileges.connected(authenticated, toComponent).ifPresent(this::send);
    }

    void ended() {
        if (domain != null) {
            privileges.disconnected(domain, toComponent);
        }
    }

    /**
     * One stanza from the component of {@code domain}; {@code hiding} is set when its listener hides it. IQ requests
     * are noted with the {@code registration}, so that a fleet sends their replies back to this connection.
     */
    void stanza(Element element, String domain, HiddenProbeFilter hiding,
                ComponentRegistry.Registration registration) {
        traffic.stanzaRead();
        if (keepalive.isPingAnswer(element)) {
            return;
        }
        InboundStanzaCheck.Verdict verdict = inboundCheck.check(element, domain, settings.get().checkFrom());
        if (!verdict.accepted()) {
            LOG.debug("Refused a stanza from {}: {}", domain, verdict.refusal());
            answer(element, PacketError.Condition.bad_request, PacketError.Type.modify);
            return;
        }
        if (hiding != null && hiding.swallow(verdict.packet())) {
            return;
        }
        Packet packet = verdict.packet();
        // A privileged request may wait for Openfire's database: it runs on the pool, and the stanzas after it wait
        // their turn there, so that the component's stanzas keep their order. Without one in hand, straight on.
        if (privilegedInHand.get() > 0 || privileges.isRequest(packet)) {
            privilegedInHand.incrementAndGet();
            privilegedWork.execute(() -> {
                try {
                    if (!privileges.handle(packet, domain, toComponent)) {
                        route(packet, element, domain, registration);
                    }
                } finally {
                    privilegedInHand.decrementAndGet();
                }
            });
        } else {
            route(packet, element, domain, registration);
        }
    }

    private void route(Packet packet, Element element, String domain,
                       ComponentRegistry.Registration registration) {
        if (packet instanceof IQ && isRequest((IQ) packet)) {
            registration.noteRequest((IQ) packet);
        }
        try {
            server.route(packet);
        } catch (RuntimeException e) {
            LOG.error("Openfire could not route a stanza from {}", domain, e);
            answer(element, PacketError.Condition.internal_server_error, PacketError.Type.cancel);
        }
    }

    private void send(Packet packet) {
        traffic.write(Stanzas.encodeForComponent(packet, channel.alloc()));
        traffic.stanzaWritten();
        channel.flush();
    }

    private void sendSoon(Packet packet) {
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                send(packet);
            }
        });
    }

    private static boolean isRequest(IQ iq) {
        return iq.getType() == IQ.Type.get || iq.getType() == IQ.Type.set;
    }

    /** Sends the component the error reply to one of its stanzas (unless it was an error or a result). */
    private void answer(Element element, PacketError.Condition condition, PacketError.Type type) {
        Stanzas.errorReply(element, condition, type).ifPresent(reply -> {
            if (!channel.eventLoop().inEventLoop()) {
                sendSoon(Stanzas.toPacket(reply));
                return;
            }
            traffic.write(Stanzas.encode(reply, channel.alloc()));
            channel.flush();
        });
    }
}
