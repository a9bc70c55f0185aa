package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.netty.channel.Channel;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfig;
import org.jivesoftware.openfire.plugin.componentlistener.disco.HiddenProbeFilter;
import org.jivesoftware.openfire.plugin.componentlistener.policy.AccessRule;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.registry.Bounces;
import org.jivesoftware.openfire.plugin.componentlistener.stanza.Stanzas;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.StreamError;

/**
 * The stanzas on their way to one component: the listener's {@code access} rule, the bounded queue
 * ({@code max_fsm_queue}) and its writing to the socket. {@link #deliver} is called by Openfire's threads (through
 * the domain's route) and never blocks them; the queue is written on the connection's event loop, once the
 * connection has {@linkplain #start started} writing.
 */
final class OutboundDelivery {
    /** Logged as the connection's, beside the other news of the component's stream. */
    private static final Logger LOG = LoggerFactory.getLogger(ComponentConnection.class);

    private final Channel channel;
    private final Supplier<ListenerConfig> settings;
    private final OpenfireServer server;
    private final ListenerCounters counters;
    private final Traffic traffic;
    /** Ends the stream of a component that does not keep up. On the event loop. */
    private final Consumer<StreamException> overflowed;
    /** Names the connection in the log. */
    private final Supplier<String> connection;
    private final OutboundQueue outbound = new OutboundQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Access checks that need Openfire's directory, in arrival order, and how many wait. */
    private final OrderedExecutor accessChecks;
    private final AtomicInteger accessChecksPending = new AtomicInteger();
    /** Set for a component of a hidden listener: notes Openfire's service discovery probes on their way. */
    private volatile HiddenProbeFilter probeFilter;
    /** Whether the queue is written: from the component's registration to the end of the connection. */
    private boolean writing;

    OutboundDelivery(Channel channel, Supplier<ListenerConfig> settings, OpenfireServer server,
                     ListenerCounters counters, Executor openfireCalls, Traffic traffic,
                     Consumer<StreamException> overflowed, Supplier<String> connection) {
        this.channel = channel;
        this.settings = settings;
        this.server = server;
        this.counters = counters;
        this.traffic = traffic;
        this.overflowed = overflowed;
        this.connection = connection;
        this.accessChecks = new OrderedExecutor(openfireCalls);
    }

    /** Shows the filter every stanza for the component, from now on. Before the component is registered. */
    void noteProbesWith(HiddenProbeFilter filter) {
        probeFilter = filter;
    }

    /** Called through the route, by Openfire's threads, for every stanza routed to the component. Never blocks. */
    void deliver(Packet packet, Bounces bounces) {
        ListenerConfig config = settings.get();
        AccessRule access = config.access();
        if (!access.allowsEverybody()) {
            JID sender = packet.getFrom();
            Optional<Boolean> allowed = fromTheServer(sender) ? Optional.of(true)
                : access.allowsWithoutLookup(sender, server.xmppDomain());
            if (allowed.isEmpty()) {
                checkAccessOffThread(packet, config);
                return;
            }
            if (!allowed.get()) {
                bounces.add(packet, PacketError.Condition.not_allowed, PacketError.Type.cancel);
                return;
            }
        }
        if (!enqueue(packet, config, bounces)) {
            bounces.add(packet, PacketError.Condition.service_unavailable, PacketError.Type.cancel);
        }
    }

    /**
     * Asks Openfire's directory (admins, groups) whether the sender may reach the component, away from the
     * delivering thread: that may be an event loop (a component writing to another) and the directory may ask a
     * database or LDAP. Checks run in arrival order; while they wait they count towards {@code max_fsm_queue}.
     */
    private void checkAccessOffThread(Packet packet, ListenerConfig config) {
        int limit = config.maxQueue();
        if (limit > 0 && accessChecksPending.get() + outbound.size() >= limit) {
            Bounces bounces = new Bounces();
            bounces.add(packet, PacketError.Condition.resource_constraint, PacketError.Type.wait);
            bounces.route(server, counters);
            return;
        }
        accessChecksPending.incrementAndGet();
        accessChecks.execute(() -> {
            Bounces bounces = new Bounces();
            try {
                if (!config.access().allows(packet.getFrom(), server.xmppDomain(), server)) {
                    bounces.add(packet, PacketError.Condition.not_allowed, PacketError.Type.cancel);
                } else if (!enqueue(packet, settings.get(), bounces)) {
                    // The domain moved on while the check ran (a successor, a reconnect hold): it follows.
                    server.route(packet);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not check access to {} for {}", connection.get(), packet.getFrom(), e);
                bounces.add(packet, PacketError.Condition.internal_server_error, PacketError.Type.wait);
            } finally {
                accessChecksPending.decrementAndGet();
            }
            bounces.route(server, counters);
        });
    }

    /** Queues a stanza for writing; false when this connection no longer takes any (it handed its domain on). */
    private boolean enqueue(Packet packet, ListenerConfig config, Bounces bounces) {
        HiddenProbeFilter hiding = probeFilter;
        if (hiding != null) {
            hiding.toComponent(packet);
        }
        switch (outbound.offer(packet, config.maxQueue())) {
            case QUEUED:
                if (drainScheduled.compareAndSet(false, true)) {
                    channel.eventLoop().execute(this::drain);
                }
                break;
            case OVERFLOW:
                // The component does not keep up: everything waiting goes back to its senders, the stream ends.
                bounces.add(packet, PacketError.Condition.resource_constraint, PacketError.Type.wait);
                bounces.addAll(outbound.close(), PacketError.Condition.resource_constraint, PacketError.Type.wait);
                int limit = config.maxQueue();
                channel.eventLoop().execute(() -> overflowed.accept(new StreamException(
                    StreamError.Condition.policy_violation,
                    "More than " + limit + " stanzas waiting for the component (max_fsm_queue)")));
                break;
            case OVERFLOWED:
                bounces.add(packet, PacketError.Condition.resource_constraint, PacketError.Type.wait);
                break;
            default:
                return false;
        }
        return true;
    }

    /** The server itself (its domain, its component manager) always reaches its components, whatever access says. */
    private boolean fromTheServer(JID sender) {
        return sender != null && sender.getNode() == null
            && (sender.getDomain().equals(server.xmppDomain()) || sender.equals(server.componentManagerAddress()));
    }

    /** Takes no more stanzas and hands back those still waiting, in order. */
    List<Packet> detach() {
        return outbound.close();
    }

    /** Hands back the stanzas still waiting, in order, and goes on taking stanzas (a fleet rebalances them). */
    List<Packet> takeQueued() {
        return outbound.takeAll();
    }

    /** Stanzas another route held for the domain: they go through the same checks as any other. */
    void takeOver(List<Packet> packets, Bounces bounces) {
        for (Packet packet : packets) {
            deliver(packet, bounces);
        }
    }

    /** The component is registered: what waits is written now, the rest as it comes. On the event loop. */
    void start() {
        writing = true;
        drain();
    }

    /** The connection ended: nothing more is written. On the event loop. */
    void stop() {
        writing = false;
    }

    int queued() {
        return outbound.size();
    }

    /**
     * Writes queued stanzas while the socket takes them; the rest waits for writability. A stanza polled here has
     * left the queue for good, so its one write decides its fate: taken by the socket (counted out), or failed
     * because the connection broke (back to its sender; only part of it, if anything, reached the component).
     * On the event loop.
     */
    void drain() {
        drainScheduled.set(false);
        if (!writing) {
            return;
        }
        boolean wrote = false;
        while (channel.isWritable()) {
            Packet packet = outbound.poll();
            if (packet == null) {
                break;
            }
            traffic.write(Stanzas.encodeForComponent(packet, channel.alloc())).addListener(written -> {
                if (written.isSuccess()) {
                    traffic.stanzaWritten();
                } else {
                    Bounces bounces = new Bounces();
                    bounces.add(packet, PacketError.Condition.resource_constraint, PacketError.Type.wait);
                    bounces.route(server, counters);
                }
            });
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }
}
