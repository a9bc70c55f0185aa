package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfig;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamDecoder;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamException;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamHeader;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.PluginParts;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes one component session, header to close, on an in-memory channel in front of an {@link InMemoryOpenfire}.
 * The first input byte picks where the session starts: {@code '0'} on a fresh connection, {@code '1'} after a valid
 * header, {@code '2'} after a valid header and handshake; the second the size of each read (1 to 256 bytes); the rest
 * is what the component sends.
 *
 * <p>Seeds: {@code src/test/resources/.../ComponentSessionFuzzTestInputs/session}.
 */
class ComponentConnectionFuzzTest {
    private static final String COMPONENT = "comp.example.org";
    private static final String HEADER = RawComponent.header(COMPONENT);
    private static final ListenerConfig CONFIG = ListenerFixture.config("fuzz",
        // Small enough for the fuzzer to reach; no handshake timeout within an input.
        Map.of("max_stanza_size", "1024", "state_timeout", "600000"));
    /** The stream errors a component can bring on itself; any other (internal-server-error) is a failure. */
    private static final Set<String> INPUT_CONDITIONS = Set.of("not-well-formed", "restricted-xml", "bad-format",
        "policy-violation", "invalid-namespace", "host-unknown", "not-authorized");
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The session does not tell whether it waits for the registry's threads; its state does. */
    private static final Field STATE = stateField();

    private static final DefaultEventLoop LOOP = new DefaultEventLoop();

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @FuzzTest
    @Timeout(10)
    void session(byte[] input) throws Exception {
        int start = input.length > 0 ? (input[0] & 0xff) % 3 : 0;
        int readSize = 1 + (input.length > 1 ? input[1] & 0xff : 0);
        byte[] sent = input.length > 2 ? Arrays.copyOfRange(input, 2, input.length) : new byte[0];

        InMemoryOpenfire openfire = new InMemoryOpenfire();
        PluginParts parts = new PluginParts(openfire);
        try (Connection connection = Connection.open(openfire, parts)) {
            if (start >= 1) {
                connection.send(HEADER.getBytes(StandardCharsets.UTF_8));
            }
            if (start == 2) {
                String streamId = RawComponent.streamId(connection.received())
                    .orElseThrow(() -> new AssertionError("no stream id in " + connection.received()));
                connection.send(("<handshake>" + Handshake.digest(streamId, ListenerFixture.SECRET)
                    + "</handshake>").getBytes(StandardCharsets.UTF_8));
                assertTrue(connection.session.isEstablished(), connection.received());
            }
            for (int offset = 0; offset < sent.length; offset += readSize) {
                connection.send(Arrays.copyOfRange(sent, offset, Math.min(sent.length, offset + readSize)));
            }
            connection.check(start == 2);
            if (start < 2) {
                assertEquals(List.of(), openfire.calls(), "registered without a handshake");
            }
        } finally {
            parts.registry.beginShutdown();
            parts.close();
        }
        assertFalse(openfire.hasRoute(COMPONENT), "the domain outlived its connection");
    }

    /** One connection: the component's end records what the server writes. */
    private static final class Connection implements AutoCloseable {
        private final Channel server;
        private final Channel client;
        private final Channel accepted;
        final ComponentConnection session;
        private final ByteArrayOutputStream written;

        private Connection(Channel server, Channel client, ComponentConnection session, ByteArrayOutputStream written) {
            this.server = server;
            this.client = client;
            this.accepted = session.channel();
            this.session = session;
            this.written = written;
        }

        static Connection open(InMemoryOpenfire openfire, PluginParts parts) throws Exception {
            CompletableFuture<ComponentConnection> created = new CompletableFuture<>();
            Channel server = new ServerBootstrap().group(LOOP).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel channel) {
                        ComponentConnection session = new ComponentConnection(channel, () -> CONFIG, openfire,
                            parts.registry, parts.counters, parts.openfireCalls, new HandshakeThrottle(System::nanoTime),
                            parts.privileges);
                        channel.pipeline().addLast(session);
                        created.complete(session);
                    }
                })
                .bind(LocalAddress.ANY).sync().channel();
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            Channel client = new Bootstrap().group(LOOP).channel(LocalChannel.class)
                .handler(new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf bytes) {
                        written.writeBytes(ByteBufUtil.getBytes(bytes));
                    }
                })
                .connect(server.localAddress()).sync().channel();
            ComponentConnection session = created.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            Connection connection = new Connection(server, client, session, written);
            connection.settle();
            return connection;
        }

        /** One read of the server, and everything it leads to. */
        void send(byte[] bytes) throws Exception {
            if (client.isActive()) {
                client.writeAndFlush(Unpooled.wrappedBuffer(bytes)).sync();
            }
            settle();
        }

        /**
         * Waits until the event loop has nothing left to do and the session no longer waits for the registry: a
         * read that completes a header or a handshake is answered before the next read, so each input runs one way.
         */
        void settle() throws Exception {
            long deadline = System.nanoTime() + SETTLE_NANOS;
            while (LOOP.submit(LOOP::pendingTasks).get() > 0 || waitsForRegistry()) {
                if (System.nanoTime() > deadline) {
                    fail("the session did not settle; it wrote " + received());
                }
                LockSupport.parkNanos(50_000);
            }
        }

        /** Also while an ended session's last words wait for its route to be removed, on the registry's threads. */
        private boolean waitsForRegistry() throws IllegalAccessException {
            String state = String.valueOf(STATE.get(session));
            return state.equals("CHECKING_HEADER") || state.equals("REGISTERING")
                || state.equals("CLOSED") && accepted.isActive();
        }

        String received() {
            return LOOP.submit(() -> written.toString(StandardCharsets.UTF_8)).syncUninterruptibly().getNow();
        }

        /**
         * What the server wrote must be a stream of its own: its header first, then nothing before the handshake
         * but a stream error, which ends the stream, and an end that closes the connection.
         */
        void check(boolean authenticated) throws Exception {
            byte[] output = LOOP.submit(written::toByteArray).get();
            String text = new String(output, StandardCharsets.UTF_8);
            Recorder recorder = new Recorder();
            try {
                new StreamDecoder(() -> Long.MAX_VALUE, recorder).feed(output, output.length);
            } catch (StreamException e) {
                fail("the server wrote " + e.condition() + ": " + text);
            }
            assertTrue(output.length == 0 || recorder.header != null && recorder.header.isComponentStream(),
                "not a component stream: " + text);
            for (int i = 0; i < recorder.elements.size(); i++) {
                Element element = recorder.elements.get(i);
                if (isStreamError(element)) {
                    String condition = condition(element);
                    assertTrue(INPUT_CONDITIONS.contains(condition), "caused by the component: " + condition + " in "
                        + text);
                    assertEquals(recorder.elements.size() - 1, i, "elements after a stream error: " + text);
                    assertTrue(recorder.ended, "no stream end after a stream error: " + text);
                } else if (!authenticated) {
                    fail("written before the handshake: " + text);
                }
            }
            assertEquals(recorder.ended, !accepted.isActive(),
                recorder.ended ? "not closed after the stream end" : "closed without a stream end: " + text);
        }

        private static boolean isStreamError(Element element) {
            return StreamHeader.STREAM_NAMESPACE.equals(element.getNamespaceURI()) && "error".equals(element.getName());
        }

        private static String condition(Element streamError) {
            return streamError.elements().stream().map(Element::getName).filter(name -> !name.equals("text"))
                .findFirst().orElse(null);
        }

        /** The component hangs up; the session ends as for any lost connection. */
        @Override
        public void close() throws Exception {
            client.close().sync();
            accepted.closeFuture().sync();
            settle();
            server.close().sync();
        }
    }

    /** The server's stream, as the component reads it. */
    private static final class Recorder implements StreamDecoder.Handler {
        StreamHeader header;
        final List<Element> elements = new ArrayList<>();
        boolean ended;

        @Override
        public void streamOpened(StreamHeader header) {
            this.header = header;
        }

        @Override
        public void element(Element element) {
            elements.add(element);
        }

        @Override
        public void streamClosed() {
            ended = true;
        }
    }

    private static Field stateField() {
        try {
            Field state = ComponentConnection.class.getDeclaredField("state");
            state.setAccessible(true);
            return state;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
