package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.util.function.Supplier;

import io.netty.channel.Channel;
import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfig;
import org.jivesoftware.openfire.plugin.componentlistener.disco.HiddenProbeFilter;
import org.jivesoftware.openfire.plugin.componentlistener.policy.InboundStanzaCheck;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;
import org.jivesoftware.openfire.plugin.componentlistener.stanza.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * The stanzas a connected component sends, on their way into Openfire: checked ({@code check_from}), answers to our
 * pings and to Openfire's probes of a hidden component kept back, the rest routed; a refused stanza is answered with
 * an error. On the connection's event loop.
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

    InboundRouting(Channel channel, Supplier<ListenerConfig> settings, OpenfireServer server, Traffic traffic,
                   Keepalive keepalive) {
        this.channel = channel;
        this.settings = settings;
        this.server = server;
        this.traffic = traffic;
        this.keepalive = keepalive;
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

    private static boolean isRequest(IQ iq) {
        return iq.getType() == IQ.Type.get || iq.getType() == IQ.Type.set;
    }

    /** Sends the component the error reply to one of its stanzas (unless it was an error or a result). */
    private void answer(Element element, PacketError.Condition condition, PacketError.Type type) {
        Stanzas.errorReply(element, condition, type).ifPresent(reply -> {
            traffic.write(Stanzas.encode(reply, channel.alloc()));
            channel.flush();
        });
    }
}
