package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
import org.jivesoftware.openfire.plugin.componentlistener.openfire.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.policy.AccessRule;
import org.jivesoftware.openfire.plugin.componentlistener.policy.InboundStanzaCheck;
import org.jivesoftware.openfire.plugin.componentlistener.registry.Bounces;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;
import org.jivesoftware.openfire.plugin.componentlistener.stanza.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.StreamError;

/**
 * One component connection: the XEP-0114 state machine (header, handshake, established, closed), the checks on what
 * the component sends, and the queue of stanzas on their way to it. Everything but {@link #deliver} runs on the
 * channel's event loop; {@link #deliver} is called by Openfire's threads and never blocks them. Settings are read
 * from the listener each time they are needed, so that changes apply to running connections.
 */
final class ComponentSession extends ChannelInboundHandlerAdapter
    implements XmppStreamParser.Handler, ComponentRegistry.Session {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentSession.class);
    private static final String STREAM_END = "</stream:stream>";

    private enum State { AWAITING_HEADER, AWAITING_HANDSHAKE, REGISTERING, ESTABLISHED, CLOSED }

    private final Channel channel;
    private final SocketAddress remoteAddress;
    private final Supplier<ListenerConfig> settings;
    private final OpenfireServer server;
    private final ComponentRegistry registry;
    private final XmppStreamParser parser;
    private final Instant since = Instant.now();
    private final OutboundQueue outbound = new OutboundQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private final AtomicLong stanzasIn = new AtomicLong();
    private final AtomicLong stanzasOut = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();

    private volatile State state = State.AWAITING_HEADER;
    private volatile ComponentAddress address;
    private volatile ComponentRegistry.Registration registration;
    /** Set for a component of a hidden listener: keeps it out of Openfire's service discovery. */
    private volatile HiddenProbeFilter probeFilter;
    private ScheduledFuture<?> stateTimeout;
    private byte[] readBuffer = new byte[0];
    private boolean headerSent;
    private String streamId;
    private String secret;

    ComponentSession(Channel channel, Supplier<ListenerConfig> settings, OpenfireServer server,
                     ComponentRegistry registry) {
        this.channel = channel;
        this.remoteAddress = channel.remoteAddress();
        this.settings = settings;
        this.server = server;
        this.registry = registry;
        this.parser = new XmppStreamParser(() -> settings.get().maxStanzaSize(), this);
        channel.closeFuture().addListener(done -> closed.complete(null));
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
            bytesIn.addAndGet(length);
            if (readBuffer.length < length) {
                readBuffer = new byte[length];
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
        LOG.debug("Connection from {} failed", remoteAddress, cause);
        ctx.close();
    }

    // ---- the stream ---------------------------------------------------------------------------------------------

    @Override
    public void streamOpened(StreamHeader header) throws StreamException {
        if (!header.isComponentStream()) {
            throw new StreamException(StreamError.Condition.invalid_namespace,
                "Expected a stream in the " + StreamHeader.COMPONENT_NAMESPACE + " namespace");
        }
        ComponentAddress requested = ComponentAddress.of(header, server.xmppDomain());
        if (!requested.subdomain().isEmpty() && !server.canAccess(requested.subdomain())) {
            throw new StreamException(StreamError.Condition.host_unknown,
                requested.domain() + " is not allowed by the External Components settings");
        }
        Optional<String> resolved = secretFor(requested.subdomain());
        if (resolved.isEmpty()) {
            throw new StreamException(StreamError.Condition.internal_server_error, "No component secret is configured");
        }
        address = requested;
        secret = resolved.get();
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
        } else if (state == State.REGISTERING) {
            // The handshake is complete only once answered: nothing may be sent before <handshake/>.
            throw new StreamException(StreamError.Condition.not_authorized, "Wait for <handshake/> before sending");
        }
    }

    @Override
    public void streamClosed() {
        closeWith(STREAM_END);
    }

    private void handshake(Element element) throws StreamException {
        if (!Handshake.verify(element, streamId, secret)) {
            LOG.info("Component {} from {} failed to authenticate", address.domain(), remoteAddress);
            throw new StreamException(StreamError.Condition.not_authorized, "Invalid handshake");
        }
        // The component did its part in time; registering may wait for a replaced session to close.
        stateTimeout.cancel(false);
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
            fail(new StreamException(StreamError.Condition.conflict, null));
            return;
        }
        registration = registered.get();
        write("<handshake/>");
        channel.flush();
        state = State.ESTABLISHED;
        LOG.info("Component {} connected from {} on {}", address.domain(), remoteAddress, settings.get());
        drain();
    }

    private void stanza(Element element) {
        stanzasIn.incrementAndGet();
        InboundStanzaCheck.Verdict verdict =
            InboundStanzaCheck.check(element, address.domain(), settings.get().checkFrom());
        if (verdict.accepted()) {
            HiddenProbeFilter hiding = probeFilter;
            if (hiding == null || !hiding.swallow(verdict.packet())) {
                server.route(verdict.packet());
            }
            return;
        }
        LOG.debug("Refused a stanza from {}: {}", address.domain(), verdict.refusal());
        Stanzas.errorReply(element, PacketError.Condition.bad_request, PacketError.Type.modify)
            .ifPresent(reply -> {
                write(reply.asXML());
                channel.flush();
            });
    }

    private void handshakeTimedOut(int timeoutMillis) {
        if (state == State.AWAITING_HEADER || state == State.AWAITING_HANDSHAKE) {
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
     * Closes in the order the spec requires: stop routing to the component first, then bounce what is still queued,
     * then write the last words and close the socket.
     */
    private void closeWith(String lastWords) {
        if (state == State.CLOSED) {
            return;
        }
        end();
        channel.writeAndFlush(utf8(lastWords)).addListener(ChannelFutureListener.CLOSE);
    }

    private void end() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        parser.stop();
        if (stateTimeout != null) {
            stateTimeout.cancel(false);
        }
        ComponentRegistry.Registration held = registration;
        if (held != null) {
            release(held);
            LOG.info("Component {} disconnected", held.domain());
        }
        // Only stanzas the registry did not take are still here: none, unless the session never registered.
        Bounces bounces = new Bounces();
        bounces.addAll(outbound.close(), PacketError.Condition.service_unavailable, PacketError.Type.cancel);
        bounces.route(server);
    }

    private void release(ComponentRegistry.Registration held) {
        ListenerConfig config = settings.get();
        held.release(config.reconnectGraceMillis(), config.maxQueue());
    }

    private void sendHeader(String from) {
        streamId = Handshake.newStreamId();
        headerSent = true;
        write("<?xml version='1.0' encoding='UTF-8'?><stream:stream xmlns:stream='" + StreamHeader.STREAM_NAMESPACE
            + "' xmlns='" + StreamHeader.COMPONENT_NAMESPACE + "' from='" + escapeAttribute(from) + "' id='"
            + streamId + "'>");
        channel.flush();
    }

    // ---- towards the component ----------------------------------------------------------------------------------

    /** Called through the route, by Openfire's threads, for every stanza routed to the component. Never blocks. */
    @Override
    public void deliver(Packet packet, Bounces bounces) {
        ListenerConfig config = settings.get();
        AccessRule access = config.access();
        if (!access.allowsEverybody() && !fromTheServer(packet.getFrom())
            && !access.allows(packet.getFrom(), server.xmppDomain(), server)) {
            bounces.add(packet, PacketError.Condition.not_allowed, PacketError.Type.cancel);
            return;
        }
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
                bounces.addAll(outbound.close(), PacketError.Condition.resource_constraint, PacketError.Type.wait);
                int limit = config.maxQueue();
                channel.eventLoop().execute(() -> fail(new StreamException(StreamError.Condition.policy_violation,
                    "More than " + limit + " stanzas waiting for the component (max_fsm_queue)")));
                break;
            default:
                bounces.add(packet, PacketError.Condition.service_unavailable, PacketError.Type.cancel);
                break;
        }
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

    /** The server itself (its domain, its component manager) always reaches its components, whatever access says. */
    private boolean fromTheServer(JID sender) {
        return sender != null && sender.getNode() == null
            && (sender.getDomain().equals(server.xmppDomain()) || sender.equals(server.componentManagerAddress()));
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
        } else if (!secretFor(subdomain).map(secret::equals).orElse(false)) {
            revoke("The component secret of " + address.domain() + " was changed");
        }
    }

    @Override
    public void revoke(String reason) {
        channel.eventLoop().execute(() -> fail(new StreamException(StreamError.Condition.not_authorized, reason)));
    }

    /** Writes queued stanzas while the socket takes them; the rest waits for writability. */
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
            write(Stanzas.toComponentXml(packet));
            stanzasOut.incrementAndGet();
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void write(String xml) {
        ByteBuf bytes = utf8(xml);
        bytesOut.addAndGet(bytes.readableBytes());
        channel.write(bytes);
    }

    private ByteBuf utf8(String text) {
        return ByteBufUtil.writeUtf8(channel.alloc(), text);
    }

    // ---- for the listener and the admin console -----------------------------------------------------------------

    /** Takes the listener's current settings where they apply to a running connection. Safe from any thread. */
    void settingsChanged() {
        channel.eventLoop().execute(() -> ReadShaper.apply(channel, settings.get().shaperRate()));
    }

    /** Ends the stream from the server's side (plugin or listener stopping). Safe from any thread. */
    void shutDown(StreamError.Condition condition, String text) {
        channel.eventLoop().execute(() -> fail(new StreamException(condition, text)));
    }

    Channel channel() {
        return channel;
    }

    SessionSnapshot snapshot() {
        ComponentAddress known = address;
        return new SessionSnapshot(settings.get().id(), known == null ? "" : known.domain(),
            String.valueOf(remoteAddress), since, state == State.ESTABLISHED, stanzasIn.get(), stanzasOut.get(),
            bytesIn.get(), bytesOut.get(), outbound.size());
    }

    private String describe() {
        ComponentAddress known = address;
        return known == null ? String.valueOf(remoteAddress) : known.domain();
    }

    private static String escapeAttribute(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;").replace("\"", "&quot;");
    }
}
