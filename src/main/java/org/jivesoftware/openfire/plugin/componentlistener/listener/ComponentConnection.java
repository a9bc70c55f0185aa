package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfig;
import org.jivesoftware.openfire.plugin.componentlistener.disco.HiddenProbeFilter;
import org.jivesoftware.openfire.plugin.componentlistener.policy.AccessRule;
import org.jivesoftware.openfire.plugin.componentlistener.policy.InboundStanzaCheck;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireCalls;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.registry.Bounces;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;
import org.jivesoftware.openfire.plugin.componentlistener.stanza.Stanzas;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamDecoder;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamException;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.StreamError;

/**
 * One component connection: the XEP-0114 state machine (header, handshake, registration, established, closed), the
 * checks on what the component sends, and the queue of stanzas on their way to it. Netty events run on the
 * channel's event loop; {@link #deliver} is called by Openfire's threads (through the domain's route) and never
 * blocks them. Settings are read from the listener each time they are needed, so changes reach running connections.
 */
final class ComponentConnection extends ChannelInboundHandlerAdapter
    implements StreamDecoder.Handler, ComponentRegistry.Session {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentConnection.class);
    private static final String STREAM_END = "</stream:stream>";
    /** Before authentication no element needs more: a handshake is 40 hex digits. */
    static final int UNAUTHENTICATED_ELEMENT_LIMIT = 8192;
    /** How long the last words of a closing stream may take to be written before the socket is closed anyway. */
    private static final long LAST_WORDS_MILLIS = 1000;
    /** How long the last words wait for Openfire to remove the component's route. */
    private static final long UNROUTE_WAIT_MILLIS = 5000;
    /**
     * Where a read is copied for the parser, which keeps nothing of it once fed: one array per event loop thread,
     * as large as its largest read, rather than one per connection kept at that size while the component idles.
     */
    private static final FastThreadLocal<byte[]> READ_BUFFER = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[0];
        }
    };

    private enum State { AWAITING_HEADER, CHECKING_HEADER, AWAITING_HANDSHAKE, REGISTERING, ESTABLISHED, CLOSED }

    private final Channel channel;
    private final SocketAddress remoteAddress;
    /** The remote host, as failed handshakes are counted. */
    private final InetAddress peer;
    private final HandshakeThrottle throttle;
    private final Supplier<ListenerConfig> settings;
    private final OpenfireServer server;
    private final ComponentRegistry registry;
    private final OpenfireCalls openfireCalls;
    private final ListenerCounters counters;
    private final StreamDecoder parser;
    private final InboundStanzaCheck inboundCheck = new InboundStanzaCheck();
    private final Instant since = Instant.now();
    private final OutboundQueue outbound = new OutboundQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Access checks that need Openfire's directory, in arrival order, and how many wait. */
    private final OrderedExecutor accessChecks;
    private final AtomicInteger accessChecksPending = new AtomicInteger();

    private final AtomicLong stanzasIn = new AtomicLong();
    private final AtomicLong stanzasOut = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();

    private volatile State state = State.AWAITING_HEADER;
    private volatile ComponentAddress address;
    private volatile ComponentRegistry.Registration registration;
    /** Set for a component of a hidden listener: keeps it out of Openfire's service discovery. */
    private volatile HiddenProbeFilter probeFilter;
    /** The secret the component authenticated with; written before registration, read by revalidation. */
    private volatile String secret;
    /** Set when an administrator closed the stream: the domain goes at once, without a reconnect grace. */
    private volatile boolean closedByAdmin;
    private ScheduledFuture<?> stateTimeout;
    /** When the component last sent anything, and the keepalive check that looks at it next. */
    private long lastReadNanos = System.nanoTime();
    private ScheduledFuture<?> keepaliveCheck;
    /** When the outstanding ping was sent; 0 when none is. */
    private long pingSentNanos;
    private int pingsSent;
    private boolean headerSent;
    private String streamId;

    ComponentConnection(Channel channel, Supplier<ListenerConfig> settings, OpenfireServer server,
                     ComponentRegistry registry, ListenerCounters counters, OpenfireCalls openfireCalls,
                     HandshakeThrottle throttle) {
        this.channel = channel;
        this.remoteAddress = channel.remoteAddress();
        this.throttle = throttle;
        this.peer = remoteAddress instanceof InetSocketAddress ? ((InetSocketAddress) remoteAddress).getAddress()
            : InetAddress.getLoopbackAddress();
        this.settings = settings;
        this.server = server;
        this.registry = registry;
        this.openfireCalls = openfireCalls;
        this.counters = counters;
        this.accessChecks = new OrderedExecutor(openfireCalls);
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
            // Any data proves the component alive, whether or not it answers the ping.
            lastReadNanos = System.nanoTime();
            pingSentNanos = 0;
            bytesIn.addAndGet(length);
            counters.add(ListenerCounters.Counter.BYTES_IN, length);
            byte[] readBuffer = READ_BUFFER.get();
            if (readBuffer.length < length) {
                readBuffer = new byte[length];
                READ_BUFFER.set(readBuffer);
            }
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
            drain();
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
        OptionalLong locked = throttle.lockedFor(peer, requested.domain());
        if (locked.isPresent()) {
            throw new StreamException(StreamError.Condition.policy_violation, "Too many failed handshakes for "
                + requested.domain() + " from " + peer.getHostAddress() + "; retry in "
                + TimeUnit.MILLISECONDS.toSeconds(locked.getAsLong() + 999) + " s");
        }
        state = State.CHECKING_HEADER;
        // Openfire's External Components settings may need its database: asked away from the event loop.
        openfireCalls.supply(() -> admission(requested)).whenComplete((outcome, error) -> channel.eventLoop().execute(() ->
            headerChecked(requested, error == null ? outcome : Optional.of(new StreamException(
                StreamError.Condition.internal_server_error, "The component settings could not be read")))));
    }

    /** Whether Openfire's settings admit the domain: empty and the secret set, or why not. */
    private Optional<StreamException> admission(ComponentAddress requested) {
        if (!requested.subdomain().isEmpty() && !server.canAccess(requested.subdomain())) {
            return Optional.of(new StreamException(StreamError.Condition.host_unknown,
                requested.domain() + " is not allowed by the External Components settings"));
        }
        Optional<String> resolved = secretFor(requested.subdomain());
        if (resolved.isEmpty()) {
            return Optional.of(new StreamException(StreamError.Condition.internal_server_error,
                "No component secret is configured"));
        }
        secret = resolved.get();
        return Optional.empty();
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

    /** SPEC's order: Openfire's secret for exactly this subdomain, the listener's password, the default secret. */
    private Optional<String> secretFor(String subdomain) {
        return server.secretForSubdomain(subdomain).or(() -> settings.get().password()).or(server::defaultSecret);
    }

    @Override
    public void element(Element element) throws StreamException {
        if (StreamHeader.STREAM_NAMESPACE.equals(element.getNamespaceURI()) && "error".equals(element.getName())) {
            LOG.info("Component {} ended its stream with an error: {}", describe(), element.asXML());
            closeWith(STREAM_END);
        } else if (state == State.AWAITING_HANDSHAKE) {
            handshake(element);
        } else if (state == State.ESTABLISHED) {
            stanza(element);
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
        if (!Handshake.verify(element, streamId, secret)) {
            LOG.info("Component {} from {} failed to authenticate", address.domain(), remoteAddress);
            counters.increment(ListenerCounters.Counter.HANDSHAKES_REFUSED);
            ListenerConfig config = settings.get();
            throttle.failed(peer, address.domain(), config.handshakeFailures(), config.handshakeLockoutMillis());
            throw new StreamException(StreamError.Condition.not_authorized, "Invalid handshake");
        }
        // The component did its part in time; registering may wait for a replaced session to close.
        stateTimeout.cancel(false);
        throttle.succeeded(peer, address.domain());
        state = State.REGISTERING;
        if (hidden()) {
            probeFilter = new HiddenProbeFilter(server.componentManagerAddress());
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
        write("<handshake/>");
        channel.flush();
        LOG.info("Component {} connected from {} on {}", address.domain(), remoteAddress, settings.get());
        scheduleKeepalive();
        drain();
    }

    private void stanza(Element element) {
        stanzasIn.incrementAndGet();
        counters.increment(ListenerCounters.Counter.STANZAS_IN);
        if (isPingAnswer(element)) {
            return;
        }
        InboundStanzaCheck.Verdict verdict = inboundCheck.check(element, address.domain(), settings.get().checkFrom());
        if (!verdict.accepted()) {
            LOG.debug("Refused a stanza from {}: {}", address.domain(), verdict.refusal());
            answer(element, PacketError.Condition.bad_request, PacketError.Type.modify);
            return;
        }
        HiddenProbeFilter hiding = probeFilter;
        if (hiding != null && hiding.swallow(verdict.packet())) {
            return;
        }
        try {
            server.route(verdict.packet());
        } catch (RuntimeException e) {
            LOG.error("Openfire could not route a stanza from {}", address.domain(), e);
            answer(element, PacketError.Condition.internal_server_error, PacketError.Type.cancel);
        }
    }

    /** Sends the component the error reply to one of its stanzas (unless it was an error or a result). */
    private void answer(Element element, PacketError.Condition condition, PacketError.Type type) {
        Stanzas.errorReply(element, condition, type).ifPresent(reply -> {
            write(Stanzas.encode(reply, channel.alloc()));
            channel.flush();
        });
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
                channel.writeAndFlush(utf8(lastWords)).addListener(ChannelFutureListener.CLOSE);
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
        parser.stop();
        // Nothing more is read from the socket either: the rest of an attack stays in the peer's buffers. A closed
        // connection reads nothing anyway, and Netty 4.2 (Openfire 5) throws when asked for a closed one.
        if (channel.isActive()) {
            channel.config().setAutoRead(false);
        }
        if (stateTimeout != null) {
            stateTimeout.cancel(false);
        }
        if (keepaliveCheck != null) {
            keepaliveCheck.cancel(false);
        }
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

    // ---- keepalive ----------------------------------------------------------------------------------------------

    /** Plans the next look at the component's silence, from the listener's current settings. On the event loop. */
    private void scheduleKeepalive() {
        if (keepaliveCheck != null) {
            keepaliveCheck.cancel(false);
            keepaliveCheck = null;
        }
        ListenerConfig config = settings.get();
        if (state != State.ESTABLISHED || config.keepaliveIntervalMillis() == 0) {
            return;
        }
        long now = System.nanoTime();
        long dueNanos = pingSentNanos != 0
            ? pingSentNanos + TimeUnit.MILLISECONDS.toNanos(config.keepaliveTimeoutMillis())
            : lastReadNanos + TimeUnit.MILLISECONDS.toNanos(config.keepaliveIntervalMillis());
        keepaliveCheck = channel.eventLoop().schedule(this::checkKeepalive, Math.max(0, dueNanos - now),
            TimeUnit.NANOSECONDS);
    }

    /** Pings a component that has been silent for the interval; ends the stream of one that did not answer. */
    private void checkKeepalive() {
        ListenerConfig config = settings.get();
        long now = System.nanoTime();
        if (pingSentNanos != 0
            && now - pingSentNanos >= TimeUnit.MILLISECONDS.toNanos(config.keepaliveTimeoutMillis())) {
            LOG.info("Component {} sent nothing for {} ms after a ping; closing its stream", address.domain(),
                TimeUnit.NANOSECONDS.toMillis(now - lastReadNanos));
            fail(new StreamException(StreamError.Condition.connection_timeout,
                "No answer to a ping within " + config.keepaliveTimeoutMillis() + " ms"));
            return;
        }
        if (pingSentNanos == 0
            && now - lastReadNanos >= TimeUnit.MILLISECONDS.toNanos(config.keepaliveIntervalMillis())) {
            pingSentNanos = now;
            write("<iq type='get' id='" + pingIdPrefix() + ++pingsSent + "' from='"
                + StreamHeader.escapeAttribute(server.xmppDomain()) + "' to='"
                + StreamHeader.escapeAttribute(address.domain()) + "'><ping xmlns='urn:xmpp:ping'/></iq>");
            channel.flush();
        }
        scheduleKeepalive();
    }

    /** Our pings' ids: unique to the stream, so that no stanza of the component's own is taken for an answer. */
    private String pingIdPrefix() {
        return "keepalive-" + streamId + "-";
    }

    /** The component's answer (result or error) to one of our pings: it has done its job by arriving. */
    private boolean isPingAnswer(Element element) {
        // Checked for every stanza: nothing is looked at or built unless a ping was ever sent.
        if (pingsSent == 0 || !"iq".equals(element.getName())) {
            return false;
        }
        String type = element.attributeValue("type");
        String id = element.attributeValue("id");
        return ("result".equals(type) || "error".equals(type)) && id != null && id.startsWith(pingIdPrefix());
    }

    private void sendHeader(String from) {
        streamId = Handshake.newStreamId();
        headerSent = true;
        write("<?xml version='1.0' encoding='UTF-8'?><stream:stream xmlns:stream='" + StreamHeader.STREAM_NAMESPACE
            + "' xmlns='" + StreamHeader.COMPONENT_NAMESPACE + "' from='" + StreamHeader.escapeAttribute(from) + "' id='"
            + streamId + "'>");
        channel.flush();
    }

    // ---- towards the component ----------------------------------------------------------------------------------

    /** Called through the route, by Openfire's threads, for every stanza routed to the component. Never blocks. */
    @Override
    public void deliver(Packet packet, Bounces bounces) {
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
                LOG.warn("Could not check access to {} for {}", describe(), packet.getFrom(), e);
                bounces.add(packet, PacketError.Condition.internal_server_error, PacketError.Type.wait);
            } finally {
                accessChecksPending.decrementAndGet();
            }
            bounces.route(server, counters);
        });
    }

    /** Queues a stanza for writing; false when this session no longer takes any (it handed its domain on). */
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
                channel.eventLoop().execute(() -> fail(new StreamException(StreamError.Condition.policy_violation,
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

    @Override
    public ComponentRegistry.ConflictBehaviour conflictBehaviour() {
        return settings.get().kickOld() ? ComponentRegistry.ConflictBehaviour.KICK_OLD
            : ComponentRegistry.ConflictBehaviour.DISCONNECT;
    }

    @Override
    public boolean hidden() {
        return settings.get().hiddenComponents();
    }

    @Override
    public List<Packet> detach() {
        return outbound.close();
    }

    @Override
    public void takeOver(List<Packet> packets, Bounces bounces) {
        for (Packet packet : packets) {
            deliver(packet, bounces);
        }
    }

    @Override
    public CompletableFuture<Void> kick(String text) {
        channel.eventLoop().execute(() -> fail(new StreamException(StreamError.Condition.conflict, text)));
        return closed;
    }

    @Override
    public void revalidate() {
        String subdomain = address.subdomain();
        if (!server.canAccess(subdomain)) {
            revoke(address.domain() + " is no longer allowed by the External Components settings");
        } else if (!secretFor(subdomain).map(current -> Handshake.sameSecret(current, secret)).orElse(false)) {
            revoke("The component secret of " + address.domain() + " was changed");
        }
    }

    @Override
    public void revoke(String reason) {
        channel.eventLoop().execute(() -> fail(new StreamException(StreamError.Condition.not_authorized, reason)));
    }

    /**
     * Writes queued stanzas while the socket takes them; the rest waits for writability. A stanza polled here has
     * left the queue for good, so its one write decides its fate: taken by the socket (counted out), or failed
     * because the connection broke (back to its sender; only part of it, if anything, reached the component).
     */
    private void drain() {
        drainScheduled.set(false);
        if (state != State.ESTABLISHED) {
            return;
        }
        boolean wrote = false;
        while (channel.isWritable()) {
            Packet packet = outbound.poll();
            if (packet == null) {
                break;
            }
            write(Stanzas.encodeForComponent(packet, channel.alloc())).addListener(written -> {
                if (written.isSuccess()) {
                    stanzasOut.incrementAndGet();
                    counters.increment(ListenerCounters.Counter.STANZAS_OUT);
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

    private ChannelFuture write(String xml) {
        return write(utf8(xml));
    }

    private ChannelFuture write(ByteBuf bytes) {
        int length = bytes.readableBytes();
        bytesOut.addAndGet(length);
        counters.add(ListenerCounters.Counter.BYTES_OUT, length);
        return channel.write(bytes);
    }

    private ByteBuf utf8(String text) {
        return ByteBufUtil.writeUtf8(channel.alloc(), text);
    }

    // ---- for the listener and the admin console -----------------------------------------------------------------

    /** Takes the listener's current settings where they apply to a running connection. Safe from any thread. */
    void settingsChanged() {
        channel.eventLoop().execute(() -> {
            ReadShaper.apply(channel, settings.get().shaperRate());
            scheduleKeepalive();
        });
    }

    /** Ends the stream from the server's side (plugin or listener stopping). Safe from any thread. */
    void shutDown(StreamError.Condition condition, String text) {
        channel.eventLoop().execute(() -> fail(new StreamException(condition, text)));
    }

    /**
     * Ends the stream with {@code policy-violation} and the given text, and gives up the domain at once (no
     * reconnect grace). Safe from any thread; completes once the connection is closed.
     */
    CompletableFuture<Void> closeByAdmin(String text) {
        closedByAdmin = true;
        channel.eventLoop().execute(() -> fail(new StreamException(StreamError.Condition.policy_violation, text)));
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
            known == null ? "" : known.subdomain(),
            String.valueOf(remoteAddress), since, state == State.ESTABLISHED, probeFilter != null, stanzasIn.get(),
            stanzasOut.get(), bytesIn.get(), bytesOut.get(), outbound.size());
    }

    private String describe() {
        ComponentAddress known = address;
        return known == null ? String.valueOf(remoteAddress) : known.domain();
    }
}
