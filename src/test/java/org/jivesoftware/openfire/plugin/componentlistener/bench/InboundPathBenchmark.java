package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.listener.StreamException;
import org.jivesoftware.openfire.plugin.componentlistener.listener.StreamHeader;
import org.jivesoftware.openfire.plugin.componentlistener.listener.XmppStreamParser;
import org.jivesoftware.openfire.plugin.componentlistener.policy.InboundStanzaCheck;
import org.jivesoftware.openfire.plugin.componentlistener.stanza.Stanzas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.xmpp.packet.Packet;

/**
 * Every stanza a component sends goes through the stream parser and the inbound checks, and every stanza to a
 * component through serialisation: stanzas per second for each, beside a baseline that parses each stanza with
 * dom4j's ordinary (blocking, JDK SAX) reader.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InboundPathBenchmark {
    static final int STANZAS = 1000;
    private static final int READ_SIZE = 8192;
    private static final String HEADER = "<stream:stream xmlns='jabber:component:accept'"
        + " xmlns:stream='http://etherx.jabber.org/streams' to='comp.example.org'>";

    private List<String> stanzas;
    private byte[] stream;
    private List<Packet> packets;

    @Setup
    public void prepare() throws DocumentException {
        stanzas = new ArrayList<>();
        StringBuilder all = new StringBuilder(HEADER);
        packets = new ArrayList<>();
        for (int i = 0; i < STANZAS; i++) {
            String stanza = "<message from='bot@comp.example.org/r' to='alice" + (i % 50) + "@example.org/phone'"
                + " type='chat' id='m" + i + "'><body>Message number " + i + " from the gateway, with some text to"
                + " carry.</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>";
            stanzas.add(stanza);
            all.append(stanza);
            packets.add(Stanzas.toPacket(DocumentHelper.parseText(stanza).getRootElement()));
        }
        stream = all.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The plugin's path: bytes in network-sized reads, parsed, checked and wrapped as packets. */
    @Benchmark
    @OperationsPerInvocation(STANZAS)
    public void parseAndCheck(Blackhole sink) throws StreamException {
        XmppStreamParser parser = new XmppStreamParser(() -> 1 << 20, new XmppStreamParser.Handler() {
            @Override
            public void streamOpened(StreamHeader header) {
                sink.consume(header);
            }

            @Override
            public void element(Element element) {
                sink.consume(InboundStanzaCheck.check(element, "comp.example.org", true).packet());
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

    /** Baseline: each stanza parsed on its own by dom4j's SAX reader, without any check. */
    @Benchmark
    @OperationsPerInvocation(STANZAS)
    public void dom4jParsePerStanza(Blackhole sink) throws DocumentException {
        for (String stanza : stanzas) {
            sink.consume(DocumentHelper.parseText(stanza));
        }
    }

    /** The outbound path: a routed stanza serialised for the component and encoded. */
    @Benchmark
    @OperationsPerInvocation(STANZAS)
    public void serialiseForComponent(Blackhole sink) {
        for (Packet packet : packets) {
            sink.consume(Stanzas.toComponentXml(packet.createCopy()).getBytes(StandardCharsets.UTF_8));
        }
    }
}
