package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfig;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireCalls;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.privilege.Privileges;
import org.jivesoftware.openfire.plugin.componentlistener.registry.ComponentRegistry;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.jivesoftware.openfire.plugin.componentlistener.tls.ListenerTls;
import org.jivesoftware.openfire.plugin.componentlistener.tls.TlsOnPlaintextGuard;
import org.jivesoftware.openfire.plugin.componentlistener.tls.TlsSetupException;
import org.xmpp.packet.StreamError;

/** One configured listener: binds its port, accepts component connections and owns their sessions. */
public final class ListenerServer {
    /** Bytes the socket may hold before stanzas wait in the session's own queue instead. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
    private static final long CLOSE_WAIT_SECONDS = 5;

    private volatile ListenerConfig config;
    private final OpenfireServer server;
    private final ComponentRegistry registry;
    private final ListenerCounters counters;
    private final OpenfireCalls openfireCalls;
    private final Privileges privileges;
    private final Set<ComponentConnection> sessions = ConcurrentHashMap.newKeySet();
    private final HandshakeThrottle throttle = new HandshakeThrottle(System::nanoTime);
    private Channel serverChannel;
    private volatile Optional<ListenerTls> tls = Optional.empty();

    public ListenerServer(ListenerConfig config, OpenfireServer server, ComponentRegistry registry,
                          ListenerCounters counters, OpenfireCalls openfireCalls, Privileges privileges) {
        this.config = config;
        this.server = server;
        this.registry = registry;
        this.counters = counters;
        this.openfireCalls = openfireCalls;
        this.privileges = privileges;
    }

    public ListenerConfig config() {
        return config;
    }

    /**
     * Binds the port. Fails with {@link CannotStart} (the reason, for the admin) when the listener's TLS certificate
     * cannot be used or the port cannot be bound.
     */
    public void start(EventLoopGroup acceptors, EventLoopGroup workers) throws InterruptedException {
        try {
            tls = ListenerTls.of(this::config, server);
        } catch (TlsSetupException e) {
            throw new CannotStart(e.reason(), e);
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(acceptors, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    ComponentConnection session = new ComponentConnection(channel, ListenerServer.this::config, server,
                        registry, counters, openfireCalls, throttle, privileges);
                    sessions.add(session);
                    channel.closeFuture().addListener(closed -> sessions.remove(session));
                    channel.pipeline().addLast(session);
                    if (tls.isPresent()) {
                        tls.get().install(channel);
                    } else {
                        TlsOnPlaintextGuard.install(channel, config.id());
                    }
                    ReadShaper.apply(channel, config.shaperRate());
                }
            });
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(config.ipAddress(), config.port())).await();
        if (!bound.isSuccess()) {
            throw new CannotStart(Message.of("error.listener.bind", config.ipAddress() + ":" + config.port(),
                bound.cause().getMessage()), bound.cause());
        }
        serverChannel = bound.channel();
    }

    /**
     * Takes new settings that bind the same socket ({@link ListenerConfig#sameBinding}): connected components stay
     * connected and get the new limits.
     */
    public void update(ListenerConfig newConfig) {
        config = newConfig;
        for (ComponentConnection session : sessions) {
            session.settingsChanged();
        }
    }

    /**
     * Loads the TLS certificate again if it may have changed, for new connections; connected components keep the
     * session they have.
     *
     * @param openfireStoreChanged Openfire said that one of its certificate stores changed
     */
    public void refreshCertificate(boolean openfireStoreChanged) {
        tls.ifPresent(listenerTls -> listenerTls.refresh(openfireStoreChanged));
    }

    /** Why the listener serves an older certificate than its files or Openfire's store hold, if it does. */
    public Optional<Message> certificateProblem() {
        return tls.flatMap(ListenerTls::problem);
    }

    /** The port actually bound (differs from the configured one only when that was 0, in tests). */
    public int boundPort() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Stops accepting, ends every stream with the given stream error, unregisters every component and waits for
     * the connections to close.
     */
    public void stop(StreamError.Condition condition, String text) {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        List<ComponentConnection> open = new ArrayList<>(sessions);
        for (ComponentConnection session : open) {
            session.shutDown(condition, text);
        }
        for (ComponentConnection session : open) {
            session.channel().closeFuture().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Connections that have authenticated and hold a domain. */
    public int connectedComponents() {
        int connected = 0;
        for (ComponentConnection session : sessions) {
            if (session.isEstablished()) {
                connected++;
            }
        }
        return connected;
    }

    /**
     * Closes the connections that hold the domain, as an administrator asked: the one from {@code remoteAddress}, or
     * (null) all of them. Completes once they are closed; empty list when none matches.
     */
    List<CompletableFuture<Void>> closeByAdmin(String domain, String remoteAddress, String text) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (ComponentConnection session : sessions) {
            if (session.domain().filter(domain::equals).isPresent()
                && (remoteAddress == null || remoteAddress.equals(session.snapshot().getRemoteAddress()))) {
                closing.add(session.closeByAdmin(text));
            }
        }
        return closing;
    }

    public List<SessionSnapshot> sessions() {
        List<SessionSnapshot> snapshots = new ArrayList<>();
        for (ComponentConnection session : sessions) {
            snapshots.add(session.snapshot());
        }
        return snapshots;
    }

    /** Why the listener cannot start, for the admin. */
    public static final class CannotStart extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Message reason;

        CannotStart(Message reason, Throwable cause) {
            super(reason.english(), cause);
            this.reason = reason;
        }

        public Message reason() {
            return reason;
        }
    }
}
