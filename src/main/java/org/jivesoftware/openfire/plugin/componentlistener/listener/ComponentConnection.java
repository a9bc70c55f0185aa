package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfig;
import org.jivesoftware.openfire.plugin.componentlistener.disco.HiddenProbeFilter;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireCalls;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.privilege.Privileges;
import org.jivesoftware.openfire.plugin.componentlistener.registry.Balancing;
import org.jivesoftware.openfire.plugin.componentlistener.registry.Bounces;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;
import org.jivesoftware.openfire.plugin.componentlistener.registry.Session;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamDecoder;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamException;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.Packet;
import org.xmpp.packet.StreamError;

/**
 * One component connection: the Netty handler and the XEP-0114 state machine (header, handshake, registration,
 * established, closed). It delegates the rest: whether the domain is admitted to its {@link Admission}, what the
 * component sends to its {@link InboundRouting}, what is sent to it to its {@link OutboundDelivery}, the pings to its
 * {@link Keepalive}, the counting to its {@link Traffic}. Netty events run on the channel's event loop;
 * {@link #deliver} is called by Openfire's threads (through the domain's route) and never blocks them. Settings are
 * read from the listener each time they are needed, so changes reach running connections.
 */
final class ComponentConnection extends ChannelInboundHandlerAdapter
    implements StreamDecoder.Handler, Session {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentConnection.class);
    private static final String STREAM_END = "</stream:stream>";
    /** Before authentication no element needs more: a handshake is 40 hex digits. */
    static final int UNAUTHENTICATED_ELEMENT_LIMIT = 8192;
    /** How long the last words of a closing stream may take to be written before the socket is closed anyway. */
    private static final long LAST_WORDS_MILLIS = 1000;
    /** How long the last words wait for Openfire to remove the component's route. */
    private static final long UNROUTE_WAIT_MILLIS = 5000;

    private enum State { AWAITING_HEADER, CHECKING_HEADER, AWAITING_HANDSHAKE, REGISTERING, ESTABLISHED, CLOSED }

    private final Channel channel;
    private final SocketAddress remoteAddress;
    private final Supplier<ListenerConfig> settings;
    private final OpenfireServer server;
    private final ComponentRegistry registry;
    private final ListenerCounters counters;
    private final StreamDecoder parser;
    private final Instant since = Instant.now();
    private final Admission admission;
    private final Traffic traffic;
    private final Keepalive keepalive;
    private final InboundRouting inbound;
    private final OutboundDelivery delivery;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private volatile State state = State.AWAITING_HEADER;
    private volatile ComponentAddress address;
    private volatile ComponentRegistry.Registration registration;
    /** Set for a component of a hidden listener: keeps it out of Openfire's service discovery. */
    private volatile HiddenProbeFilter probeFilter;
    /** Set when an administrator closed the stream: the domain goes at once, without a reconnect grace. */
    private volatile boolean closedByAdmin;
    private ScheduledFuture<?> stateTimeout;
    private boolean headerSent;
    private String streamId;

    ComponentConnection(Channel channel, Supplier<ListenerConfig> settings, OpenfireServer server,
                        ComponentRegistry registry, ListenerCounters counters, OpenfireCalls openfireCalls,
                        HandshakeThrottle throttle, Privileges privileges) {
        this.channel = channel;
        this.remoteAddress = channel.remoteAddress();
        this.settings = settings;
        this.server = server;
        this.registry = registry;
        this.counters = counters;
        this.admission = new Admission(server, settings, openfireCalls, throttle, remoteAddress);
        this.traffic = new Traffic(channel, counters);
        this.keepalive = new Keepalive(channel, settings, server, traffic, this::fail);
        this.inbound = new InboundRouting(channel, settings, server, traffic, keepalive, privileges, openfireCalls);
        this.delivery = new OutboundDelivery(channel, settings, server, counters, openfireCalls, traffic, this::fail,
            this::describe);
        this.parser = new StreamDecoder(this::elementLimit, this);
        channel.closeFuture().addListener(done -> closed.complete(null));
    }

    private long elementLimit() {
        int configured = settings.get().maxStanzaSize();
        return state == State.ESTABLISHED ? configured : Math.min(configured, UNAUTHENTICATED_ELEMENT_LIMIT);
    }

    // ---- Netty events -------------------------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        int timeout = settings.get().stateTimeoutMillis();
        stateTimeout = ctx.executor().schedule(() -> handshakeTimedOut(timeout), timeout, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        try {
            int length = bytes.readableBytes();
            keepalive.heardFrom();
            traffic.bytesRead(length);
            byte[] readBuffer = ReadBuffer.ofAtLeast(length);
            bytes.readBytes(readBuffer, 0, length);
            parser.feed(readBuffer, length);
        } catch (StreamException e) {
            fail(e);
        } finally {
            bytes.release();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable()) {
            delivery.drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The connection ended without a closing handshake (or after ours): stop routing, bounce the queue.
        end();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("Connection from {} failed", remoteAddress, cause);
            ctx.close();
        } else {
            LOG.error("Unexpected failure on the stream of {}", describe(), cause);
            fail(new StreamException(StreamError.Condition.internal_server_error, null));
        }
    }

    // ---- the stream ---------------------------------------------------------------------------------------------

    @Override
    public void streamOpened(StreamHeader header) throws StreamException {
        if (!header.isComponentStream()) {
            throw new StreamException(StreamError.Condition.invalid_namespace,
                "Expected a stream in the " + StreamHeader.COMPONENT_NAMESPACE + " namespace");
        }
        ComponentAddress requested = ComponentAddress.of(header, server.xmppDomain());
        admission.checkLockout(requested.domain());
        state = State.CHECKING_HEADER;
        // Openfire's External Components settings may need its database: asked away from the event loop.
        admission.admit(requested)
            .thenAccept(refusal -> channel.eventLoop().execute(() -> headerChecked(requested, refusal)));
    }

    private void headerChecked(ComponentAddress requested, Optional<StreamException> refusal) {
        if (state != State.CHECKING_HEADER) {
            return;
        }
        if (refusal.isPresent()) {
            fail(refusal.get());
            return;
        }
        address = requested;
        sendHeader(requested.headerFrom());
        state = State.AWAITING_HANDSHAKE;
    }

    @Override
    public void element(Element element) throws StreamException {
        if (StreamHeader.STREAM_NAMESPACE.equals(element.getNamespaceURI()) && "error".equals(element.getName())) {
            LOG.info("Component {} ended its stream with an error: {}", describe(), element.asXML());
            closeWith(STREAM_END);
        } else if (state == State.AWAITING_HANDSHAKE) {
            handshake(element);
        } else if (state == State.ESTABLISHED) {
            inbound.stanza(element, address.domain(), probeFilter, registration);
        } else if (state == State.CHECKING_HEADER || state == State.REGISTERING) {
            // Nothing may come before the server's header, nor between the handshake and its answer.
            throw new StreamException(StreamError.Condition.not_authorized, "Not authenticated yet");
        }
    }

    @Override
    public void streamClosed() {
        closeWith(STREAM_END);
    }

    private void handshake(Element element) throws StreamException {
        if (!admission.proves(element, streamId)) {
            LOG.info("Component {} from {} failed to authenticate", address.domain(), remoteAddress);
            counters.increment(ListenerCounters.Counter.HANDSHAKES_REFUSED);
            admission.failed(address.domain());
            throw new StreamException(StreamError.Condition.not_authorized, "Invalid handshake");
        }
        // The component did its part in time; registering may wait for a replaced session to close.
        stateTimeout.cancel(false);
        admission.succeeded(address.domain());
        state = State.REGISTERING;
        if (hidden()) {
            probeFilter = new HiddenProbeFilter(server.componentManagerAddress());
            delivery.noteProbesWith(probeFilter);
        }
        registry.register(address.domain(), address.subdomain(), this)
            .whenComplete((registered, error) -> {
                if (error != null) {
                    LOG.error("Registering component {} failed", address.domain(), error);
                }
                channel.eventLoop().execute(() -> registered(error == null ? registered : Optional.empty()));
            });
    }

    /** Registration finished: answer {@code <handshake/>} and start writing, or refuse with {@code conflict}. */
    private void registered(Optional<ComponentRegistry.Registration> registered) {
        if (state != State.REGISTERING) {
            // The connection ended while registering: the domain is released as for any other end.
            registered.ifPresent(this::release);
            return;
        }
        if (registered.isEmpty()) {
            counters.increment(ListenerCounters.Counter.CONFLICTS);
            fail(new StreamException(StreamError.Condition.conflict, null));
            return;
        }
        registration = registered.get();
        counters.increment(ListenerCounters.Counter.HANDSHAKES_ACCEPTED);
        // Established before the component can see its answer: whoever it tells finds it connected.
        state = State.ESTABLISHED;
        traffic.write("<handshake/>");
        channel.flush();
        LOG.info("Component {} connected from {} on {}", address.domain(), remoteAddress, settings.get());
        inbound.established(address.domain());
        keepalive.start(address.domain(), streamId);
        delivery.start();
    }

    private void handshakeTimedOut(int timeoutMillis) {
        if (state != State.ESTABLISHED && state != State.REGISTERING) {
            fail(new StreamException(StreamError.Condition.connection_timeout,
                "No handshake within " + timeoutMillis + " ms"));
        }
    }

    /** Ends the stream with a stream error. Our own header goes first if the component has not had it yet. */
    private void fail(StreamException error) {
        if (state == State.CLOSED) {
            return;
        }
        LOG.debug("Closing the stream of {}: {} {}", describe(), error.condition(), error.getMessage());
        if (!headerSent) {
            sendHeader(server.xmppDomain());
        }
        closeWith(error.toStreamError().toXML() + STREAM_END);
    }

    /**
     * Closes in the order the spec requires: stop routing to the component first (what is still queued is bounced
     * or held for its return), then write the last words and close the socket, even if the component no longer
     * reads. Openfire may take a while to remove the route; the last words wait for it, but not forever.
     */
    private void closeWith(String lastWords) {
        if (state == State.CLOSED) {
            return;
        }
        CompletableFuture<Void> unrouted = end();
        AtomicBoolean said = new AtomicBoolean();
        Runnable sayLastWords = () -> {
            if (said.compareAndSet(false, true)) {
                channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), lastWords))
                    .addListener(ChannelFutureListener.CLOSE);
                channel.eventLoop().schedule(() -> channel.close(), LAST_WORDS_MILLIS, TimeUnit.MILLISECONDS);
            }
        };
        if (unrouted.isDone()) {
            sayLastWords.run();
        } else {
            unrouted.whenComplete((done, error) -> channel.eventLoop().execute(sayLastWords));
            channel.eventLoop().schedule(sayLastWords, UNROUTE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops everything but the socket; completes once Openfire no longer routes to the component. */
    private CompletableFuture<Void> end() {
        if (state == State.CLOSED) {
            return CompletableFuture.completedFuture(null);
        }
        state = State.CLOSED;
        delivery.stop();
        parser.stop();
        // Nothing more is read from the socket either: the rest of an attack stays in the peer's buffers. A closed
        // connection reads nothing anyway, and Netty 4.2 (Openfire 5) throws when asked for a closed one.
        if (channel.isActive()) {
            channel.config().setAutoRead(false);
        }
        if (stateTimeout != null) {
            stateTimeout.cancel(false);
        }
        keepalive.stop();
        inbound.ended();
        ComponentRegistry.Registration held = registration;
        if (held == null) {
            return CompletableFuture.completedFuture(null);
        }
        LOG.info("Component {} disconnected", held.domain());
        return release(held);
    }

    private CompletableFuture<Void> release(ComponentRegistry.Registration held) {
        ListenerConfig config = settings.get();
        return held.release(closedByAdmin ? 0 : config.reconnectGraceMillis(), config.maxQueue());
    }

    private void sendHeader(String from) {
        streamId = Handshake.newStreamId();
        headerSent = true;
        traffic.write(StreamHeader.reply(from, streamId));
        channel.flush();
    }

    // ---- towards the component ----------------------------------------------------------------------------------

    /** Called through the route, by Openfire's threads, for every stanza routed to the component. Never blocks. */
    @Override
    public void deliver(Packet packet, Bounces bounces) {
        delivery.deliver(packet, bounces);
    }

    @Override
    public Session.ConflictBehaviour conflictBehaviour() {
        return Session.ConflictBehaviour.named(settings.get().conflictBehaviour());
    }

    @Override
    public boolean asksMultiple() {
        return address.asksMultiple();
    }

    @Override
    public Balancing balancing() {
        return Balancing.named(settings.get().balancing());
    }

    @Override
    public boolean hidden() {
        return settings.get().hiddenComponents();
    }

    @Override
    public List<Packet> detach() {
        return delivery.detach();
    }

    @Override
    public void takeOver(List<Packet> packets, Bounces bounces) {
        delivery.takeOver(packets, bounces);
    }

    @Override
    public List<Packet> takeQueued() {
        return delivery.takeQueued();
    }

    @Override
    public CompletableFuture<Void> kick(String text) {
        shutDown(StreamError.Condition.conflict, text);
        return closed;
    }

    @Override
    public void revalidate() {
        admission.revocation(address).ifPresent(this::revoke);
    }

    @Override
    public void revoke(String reason) {
        shutDown(StreamError.Condition.not_authorized, reason);
    }

    // ---- for the listener and the admin console -----------------------------------------------------------------

    /** Takes the listener's current settings where they apply to a running connection. Safe from any thread. */
    void settingsChanged() {
        channel.eventLoop().execute(() -> {
            ReadShaper.apply(channel, settings.get().shaperRate());
            keepalive.schedule();
        });
    }

    /** Ends the stream from the server's side (a kick, the plugin or listener stopping). Safe from any thread. */
    void shutDown(StreamError.Condition condition, String text) {
        channel.eventLoop().execute(() -> fail(new StreamException(condition, text)));
    }

    /** Ends the stream with {@code policy-violation} and the text, no reconnect grace; any thread; done once closed. */
    CompletableFuture<Void> closeByAdmin(String text) {
        closedByAdmin = true;
        shutDown(StreamError.Condition.policy_violation, text);
        return closed;
    }

    /** The domain the component authenticated for, once it has. */
    Optional<String> domain() {
        ComponentAddress known = address;
        return state == State.ESTABLISHED && known != null ? Optional.of(known.domain()) : Optional.empty();
    }

    boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    Channel channel() {
        return channel;
    }

    SessionSnapshot snapshot() {
        ComponentAddress known = address;
        return new SessionSnapshot(settings.get().id(), known == null ? "" : known.domain(),
            known == null ? "" : known.subdomain(), String.valueOf(remoteAddress), since,
            state == State.ESTABLISHED, probeFilter != null, traffic.stanzasIn(), traffic.stanzasOut(),
            traffic.bytesIn(), traffic.bytesOut(), delivery.queued(),
            registration == null ? 0 : registration.connections(), settings.get().balancing());
    }

    private String describe() {
        ComponentAddress known = address;
        return known == null ? String.valueOf(remoteAddress) : known.domain();
    }
}
