package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;

/**
 * The floor: the least a server must do to move the benchmark's bytes between components and users. It reads a
 * component's stream and splits it into top-level elements ({@link ElementSplitter}), hands each to the users as
 * bytes, and copies ready bytes from users to the component's socket. No XML parsing, no packets, no checks, no
 * routing table beyond one map; the handshake is answered without looking at it. Same Netty transport, threads and
 * socket options as the plugin's listener, and the same way of batching writes (a queue drained on the event loop).
 */
final class FloorServer implements Target {
    private static final String THREAD = "bench-floor";

    private final EventLoopGroup acceptors = new NioEventLoopGroup(1, new DefaultThreadFactory(THREAD + "-accept"));
    private final EventLoopGroup workers = new NioEventLoopGroup(0, new DefaultThreadFactory(THREAD + "-io"));
    private final Map<String, Connection> components = new ConcurrentHashMap<>();
    private final Channel serverChannel;
    private volatile LongConsumer users = id -> { };

    FloorServer() throws InterruptedException {
        serverChannel = new ServerBootstrap()
            .group(acceptors, workers)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    channel.pipeline().addLast(new Connection(channel));
                }
            })
            .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @Override
    public String name() {
        return "floor";
    }

    @Override
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void deliverToUsers(LongConsumer ids) {
        users = ids;
    }

    @Override
    public UserSender userSender(String user) {
        String from = user + "@" + InMemoryOpenfire.DOMAIN + "/bench";
        return new UserSender() {
            @Override
            public void message(String componentDomain, long id) {
                send(componentDomain, "<message from='" + from + "' to='" + componentDomain + "' type='chat' id='"
                    + ID_PREFIX + id + "'><body>" + EndToEndBenchmark.BODY + "</body></message>");
            }

            @Override
            public void iqGet(String componentDomain, long id) {
                send(componentDomain, "<iq type='get' id='" + ID_PREFIX + id + "' from='" + from + "' to='"
                    + componentDomain + "'><query xmlns='jabber:iq:version'/></iq>");
            }

            private void send(String componentDomain, String stanza) {
                components.get(componentDomain).deliver(stanza.getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    @Override
    public boolean isServerThread(String threadName) {
        return threadName.startsWith(THREAD) || threadName.startsWith(EndToEndBenchmark.USER_THREAD);
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One component's connection: split what it sends, write what users send it. */
    private final class Connection extends ChannelInboundHandlerAdapter implements ElementSplitter.Sink {
        private final Channel channel;
        private final ElementSplitter splitter = new ElementSplitter(this);
        private final Queue<byte[]> outbound = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean drainScheduled = new AtomicBoolean();
        private byte[] readBuffer = new byte[0];
        private String domain;

        Connection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            int length = bytes.readableBytes();
            if (readBuffer.length < length) {
                readBuffer = new byte[length];
            }
            bytes.readBytes(readBuffer, 0, length);
            bytes.release();
            splitter.feed(readBuffer, 0, length);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            drain();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (domain != null) {
                components.remove(domain, this);
            }
        }

        @Override
        public void header(byte[] bytes, int start, int end) {
            domain = ElementSplitter.attribute(bytes, start, end, "to");
            write("<?xml version='1.0' encoding='UTF-8'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
                + " xmlns='jabber:component:accept' from='" + domain + "' id='" + Long.toHexString(System.nanoTime())
                + "'>");
            channel.flush();
        }

        @Override
        public void element(byte[] bytes, int start, int end) {
            if (LoadComponent.startsWith(bytes, start, "<handshake")) {
                components.put(domain, this);
                write("<handshake/>");
                channel.flush();
                return;
            }
            String id = ElementSplitter.attribute(bytes, start, end, "id");
            users.accept(Long.parseLong(id.substring(ID_PREFIX.length())));
        }

        @Override
        public void streamEnd() {
            components.remove(domain, this);
            write("</stream:stream>");
            channel.flush();
            channel.close();
        }

        void deliver(byte[] stanza) {
            outbound.add(stanza);
            if (drainScheduled.compareAndSet(false, true)) {
                channel.eventLoop().execute(this::drain);
            }
        }

        private void drain() {
            drainScheduled.set(false);
            boolean wrote = false;
            while (channel.isWritable()) {
                byte[] stanza = outbound.poll();
                if (stanza == null) {
                    break;
                }
                channel.write(channel.alloc().buffer(stanza.length).writeBytes(stanza));
                wrote = true;
            }
            if (wrote) {
                channel.flush();
            }
        }

        private void write(String text) {
            channel.write(channel.alloc().buffer().writeBytes(text.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
