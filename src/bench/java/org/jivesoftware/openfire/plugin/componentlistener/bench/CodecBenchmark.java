package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.policy.InboundStanzaCheck;
import org.jivesoftware.openfire.plugin.componentlistener.stanza.Stanzas;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamDecoder;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamException;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.xmpp.packet.Packet;

/**
 * The plugin's per-stanza work on one connection, single-threaded: decoding (bytes in network-sized reads, parsed,
 * checked and wrapped as packets) and encoding (a routed packet as the session writes it: its own copy, serialised
 * into the socket's buffer), for a 200-byte message, a 2 KB IQ and a 64 KB stanza. Run with the GC profiler for
 * the bytes allocated per stanza.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
    static final int STANZAS = 100;
    private static final int READ_SIZE = 8192;
    private static final String HEADER = "<stream:stream xmlns='jabber:component:accept'"
        + " xmlns:stream='http://etherx.jabber.org/streams' to='comp.example.org'>";

    @Param({"200", "2048", "65536"})
    public int size;

    private byte[] stream;
    private List<Packet> packets;
    private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;

    @Setup
    public void prepare() throws DocumentException {
        StringBuilder all = new StringBuilder(HEADER);
        packets = new ArrayList<>();
        for (int i = 0; i < STANZAS; i++) {
            String stanza = stanza(size, i);
            all.append(stanza);
            packets.add(Stanzas.toPacket(DocumentHelper.parseText(stanza).getRootElement()));
        }
        stream = all.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A stanza of about the given size in bytes: a chat message, a disco#info result, or a long message. */
    static String stanza(int size, int index) {
        if (size <= 256) {
            return pad("<message from='bot@comp.example.org/r' to='alice" + index + "@example.org/phone' type='chat'"
                + " id='m" + index + "'><body>", "Message from the gateway, with some text to carry",
                "</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>", size);
        }
        if (size <= 4096) {
            StringBuilder features = new StringBuilder("<identity category='gateway' type='xmpp' name='Gateway'/>");
            int feature = 0;
            while (features.length() < size - 300) {
                features.append("<feature var='urn:xmpp:example:feature:").append(feature++).append("'/>");
            }
            return "<iq type='result' from='comp.example.org' to='alice" + index + "@example.org/phone' id='i"
                + index + "'><query xmlns='http://jabber.org/protocol/disco#info'>" + features + "</query></iq>";
        }
        return pad("<message from='bot@comp.example.org/r' to='alice" + index + "@example.org/phone' type='chat'"
            + " id='m" + index + "'><body>", "A long post, lines of text &amp; markup-like &lt;tags&gt; in it.\n",
            "</body></message>", size);
    }

    private static String pad(String head, String line, String tail, int size) {
        StringBuilder stanza = new StringBuilder(head);
        while (stanza.length() + line.length() + tail.length() <= size) {
            stanza.append(line);
        }
        return stanza.append(tail).toString();
    }

    /** Bytes in network-sized reads to packets ready for Openfire's router. */
    @Benchmark
    @OperationsPerInvocation(STANZAS)
    public void decode(Blackhole sink) throws StreamException {
        InboundStanzaCheck check = new InboundStanzaCheck();
        StreamDecoder parser = new StreamDecoder(() -> 1 << 20, new StreamDecoder.Handler() {
            @Override
            public void streamOpened(StreamHeader header) {
                sink.consume(header);
            }

            @Override
            public void element(Element element) {
                sink.consume(check.check(element, "comp.example.org", true).packet());
            }

            @Override
            public void streamClosed() {
            }
        });
        byte[] read = new byte[READ_SIZE];
        for (int offset = 0; offset < stream.length; offset += READ_SIZE) {
            int length = Math.min(READ_SIZE, stream.length - offset);
            System.arraycopy(stream, offset, read, 0, length);
            parser.feed(read, length);
        }
    }

    /** A routed packet to the bytes written to the component's socket, as the route and the session do it. */
    @Benchmark
    @OperationsPerInvocation(STANZAS)
    public void encode(Blackhole sink) {
        for (Packet packet : packets) {
            ByteBuf bytes = Stanzas.encodeForComponent(packet.createCopy(), allocator);
            sink.consume(bytes.readableBytes());
            bytes.release();
        }
    }
}
