package org.jivesoftware.openfire.plugin.componentlistener.listener;

import static org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture.SECRET;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.condition;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.handshakeDigest;
import static org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import org.dom4j.Element;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamDecoder;
import org.jivesoftware.openfire.plugin.componentlistener.support.Await;
import org.jivesoftware.openfire.plugin.componentlistener.support.Bystander;
import org.jivesoftware.openfire.plugin.componentlistener.support.InMemoryOpenfire;
import org.jivesoftware.openfire.plugin.componentlistener.support.ListenerFixture;
import org.jivesoftware.openfire.plugin.componentlistener.support.Listeners;
import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input corpus: each case attacks a listener over loopback TCP while a bystander component on the same
 * listener exchanges stanzas through the server. Each asserts the exact stream error and the close; that the
 * server read no more of the attack than its limits allow, so that it cannot have held more; and that the bystander
 * was served at full speed throughout and is still connected.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostileInputCorpusTest {
    private static final String STREAMS = "http://etherx.jabber.org/streams";
    private static final String COMPONENT = "comp.example.org";
    private static final String ATTACKER = "attacker.example.org";
    private static final String BYSTANDER = "bystander.example.org";
    private static final String ALICE = "alice@example.org";
    private static final String NOT_WELL_FORMED = "not-well-formed";
    private static final String RESTRICTED_XML = "restricted-xml";
    private static final String POLICY_VIOLATION = "policy-violation";
    private static final String NOT_AUTHORIZED = "not-authorized";

    private static final int MAX_STANZA_SIZE = 2048;
    /**
     * Short, as two cases wait it out, yet long enough for every other case's handshakes on a loaded machine (a
     * second was missed there once).
     */
    private static final int STATE_TIMEOUT = 3000;
    private static final int MAX_QUEUE = 100;
    /** What the server may read of any attack: the limit that stops it and one socket read past it, with room. */
    private static final long READ_BOUND = MAX_STANZA_SIZE + 128 * 1024;
    /** However short the attack, the bystander's exchange around it lasts at least this long. */
    private static final long BYSTANDER_MILLIS = 250;
    /**
     * Generous bounds for a loaded 2-core machine, where a round trip takes a fraction of a millisecond when idle: at
     * most 1 % of round trips (or one, in a short exchange) may take this long, since the machine may stall any
     * thread for a moment...
     */
    private static final double SLOW_MILLIS = 200;
    /** ...but none may take this long: an event loop held up by an attack would. */
    private static final double STALL_MILLIS = 1000;
    /** A floor that a machine busy with other builds still clears; idle, the bystander makes thousands. */
    private static final int MIN_ROUND_TRIPS_PER_SECOND = 10;

    private final InMemoryOpenfire openfire = new InMemoryOpenfire();
    @RegisterExtension
    final Listeners listeners = new Listeners(openfire);
    private ListenerFixture fixture;
    private Bystander bystander;

    @BeforeEach
    void start() throws Exception {
        // The bystander shares the attacker's event loop: an attack that held the loop up would show in its times.
        // Failed handshakes are not throttled here: one case makes dozens, each to be answered for itself.
        fixture = listeners.startOnOneEventLoop(Map.of("max_stanza_size", String.valueOf(MAX_STANZA_SIZE),
            "state_timeout", String.valueOf(STATE_TIMEOUT), "max_fsm_queue", String.valueOf(MAX_QUEUE),
            "handshake_failures", "0"));
        bystander = Bystander.connect(fixture.port(), BYSTANDER, SECRET);
    }

    @AfterEach
    void stop() throws IOException {
        bystander.close();
    }

    /** Where in the stream an attack starts. */
    private enum Stage {
        /** The first bytes of a connection. */
        CONNECTED,
        /** After the stream header was answered, before the handshake. */
        HEADER_ANSWERED,
        /** After a successful handshake, as component {@link #ATTACKER}. */
        AUTHENTICATED
    }

    static Stream<Arguments> refusedInput() {
        Random random = new Random(8);
        byte[] garbage = new byte[4096];
        random.nextBytes(garbage);
        return Stream.of(
            // Malformed XML at every stage.
            refused(Stage.CONNECTED, "an unquoted attribute in the header", NOT_WELL_FORMED,
                "<stream:stream xmlns='jabber:component:accept' xmlns:stream='" + STREAMS + "' to=" + COMPONENT + ">"),
            refused(Stage.CONNECTED, "a header with an unbound prefix", NOT_WELL_FORMED,
                "<stream:stream xmlns='jabber:component:accept' to='" + COMPONENT + "'>"),
            refused(Stage.CONNECTED, "text before the header", NOT_WELL_FORMED, "hello" + header(COMPONENT)),
            refused(Stage.CONNECTED, "a closing tag first", NOT_WELL_FORMED, "</stream:stream>"),
            refused(Stage.HEADER_ANSWERED, "a mismatched closing tag in the handshake", NOT_WELL_FORMED,
                "<handshake>0</shake>"),
            refused(Stage.HEADER_ANSWERED, "a '<' in an attribute of the handshake", NOT_WELL_FORMED,
                "<handshake a='<'>0</handshake>"),
            refused(Stage.AUTHENTICATED, "a stanza with an unbound prefix", NOT_WELL_FORMED, "<x:message/>"),
            refused(Stage.AUTHENTICATED, "a stanza with a duplicate attribute", NOT_WELL_FORMED,
                "<message from='" + ATTACKER + "' to='" + ALICE + "' to='bob@example.org'/>"),
            refused(Stage.AUTHENTICATED, "text between stanzas", NOT_WELL_FORMED, "hello"),
            refused(Stage.AUTHENTICATED, "a CDATA section between stanzas", NOT_WELL_FORMED, "<![CDATA[hello]]>"),
            refused(Stage.AUTHENTICATED, "an XML declaration inside the stream", NOT_WELL_FORMED,
                "<?xml version='1.0'?>"),
            // Binary garbage.
            refused(Stage.CONNECTED, "4 KB of random bytes first", NOT_WELL_FORMED, garbage),
            refused(Stage.AUTHENTICATED, "4 KB of random bytes after the handshake", NOT_WELL_FORMED, garbage),
            refused(Stage.AUTHENTICATED, "a NUL byte in a stanza", NOT_WELL_FORMED, inBody(new byte[] {0})),
            refused(Stage.AUTHENTICATED, "a control character in a stanza", NOT_WELL_FORMED, inBody(new byte[] {1})),
            refused(Stage.AUTHENTICATED, "a reference to a control character", NOT_WELL_FORMED, inBody("&#1;")),
            // Invalid UTF-8 and overlong encodings, in a stanza that would otherwise be routed.
            refused(Stage.AUTHENTICATED, "a lone continuation byte", NOT_WELL_FORMED, inBody(utf8(0x80))),
            refused(Stage.AUTHENTICATED, "a byte that never occurs in UTF-8", NOT_WELL_FORMED, inBody(utf8(0xFF))),
            refused(Stage.AUTHENTICATED, "a truncated sequence", NOT_WELL_FORMED, inBody(utf8(0xE2, 0x82))),
            refused(Stage.AUTHENTICATED, "an overlong '<'", NOT_WELL_FORMED, inBody(utf8(0xC0, 0xBC))),
            refused(Stage.AUTHENTICATED, "an overlong NUL", NOT_WELL_FORMED, inBody(utf8(0xC0, 0x80))),
            refused(Stage.AUTHENTICATED, "an overlong '/' in three bytes", NOT_WELL_FORMED,
                inBody(utf8(0xE0, 0x80, 0xAF))),
            refused(Stage.AUTHENTICATED, "an overlong '/' in four bytes", NOT_WELL_FORMED,
                inBody(utf8(0xF0, 0x80, 0x80, 0xAF))),
            refused(Stage.AUTHENTICATED, "an encoded UTF-16 surrogate", NOT_WELL_FORMED,
                inBody(utf8(0xED, 0xA0, 0x80))),
            refused(Stage.AUTHENTICATED, "a code point beyond U+10FFFF", NOT_WELL_FORMED,
                inBody(utf8(0xF4, 0x90, 0x80, 0x80))),
            refused(Stage.AUTHENTICATED, "a five-byte form", NOT_WELL_FORMED,
                inBody(utf8(0xF8, 0x88, 0x80, 0x80, 0x80))),
            refused(Stage.AUTHENTICATED, "U+FFFE, which XML forbids", NOT_WELL_FORMED, inBody(utf8(0xEF, 0xBF, 0xBE))),
            refused(Stage.CONNECTED, "an overlong '.' in the header's domain", NOT_WELL_FORMED,
                header("comp").replace("'>", ""), utf8(0xC0, 0xAE), "example.org'>"),
            // DTDs and entities: refused before anything is expanded.
            refused(Stage.CONNECTED, "a DOCTYPE with the billion laughs", RESTRICTED_XML, billionLaughs()),
            refused(Stage.CONNECTED, "a DOCTYPE with a quadratic blowup", RESTRICTED_XML,
                "<!DOCTYPE stream:stream [<!ENTITY a '" + "a".repeat(4000) + "'>]>" + header(COMPONENT)
                    + "<handshake>" + "&a;".repeat(1000) + "</handshake>"),
            refused(Stage.HEADER_ANSWERED, "a DOCTYPE inside the stream", NOT_WELL_FORMED,
                "<!DOCTYPE stream:stream [<!ENTITY a 'b'>]>"),
            refused(Stage.AUTHENTICATED, "an entity declaration inside the stream", NOT_WELL_FORMED,
                "<!ENTITY a 'b'>"),
            refused(Stage.AUTHENTICATED, "an undeclared entity in a text", RESTRICTED_XML, inBody("&lol9;")),
            refused(Stage.AUTHENTICATED, "an undeclared entity in an attribute", NOT_WELL_FORMED,
                "<message from='" + ATTACKER + "' to='&lol9;'/>"),
            // The stream header.
            refused(Stage.HEADER_ANSWERED, "a second stream header before the handshake", POLICY_VIOLATION,
                header(COMPONENT)),
            refused(Stage.CONNECTED, "a header with a 1 MB attribute", POLICY_VIOLATION,
                header(COMPONENT).replace("'>", "' x='" + "a".repeat(1 << 20) + "'>")),
            refused(Stage.CONNECTED, "a header with 10,000 namespace declarations", POLICY_VIOLATION,
                header(COMPONENT).replace("'>", "'" + namespaceDeclarations(10_000) + ">")));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("refusedInput")
    void refusedInputGetsItsStreamErrorAndTheConnectionCloses(Stage stage, byte[] input, String expected)
        throws Exception {
        Element error = meanwhile(() -> {
            try (RawComponent attacker = at(stage)) {
                attacker.sendUntilClosed(input);
                return attacker.awaitStreamErrorAndClose();
            }
        });
        assertEquals(expected, condition(error));
        assertFalse(openfire.hasRoute(ATTACKER), "unregistered");
        assertTrue(openfire.inbox(ALICE).isEmpty(), "nothing of the attack was routed");
    }

    @Test
    void externalEntitiesAreNeverFetched() throws Exception {
        try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        trap.accept().close();
                        connections.incrementAndGet();
                    }
                } catch (IOException closed) {
                    // The test is over.
                }
            });
            acceptor.start();
            String url = "http://127.0.0.1:" + trap.getLocalPort() + "/evil.dtd";
            meanwhile(() -> {
                assertEquals(RESTRICTED_XML, condition(refused(bytes("<!DOCTYPE stream:stream SYSTEM '" + url + "'>"
                    + header(COMPONENT)))));
                assertEquals(RESTRICTED_XML, condition(refused(bytes("<?xml version='1.0'?><!DOCTYPE stream:stream"
                    + " [<!ENTITY % remote SYSTEM '" + url + "'> %remote;]>" + header(COMPONENT)))));
                assertEquals(RESTRICTED_XML, condition(refused(bytes("<!DOCTYPE stream:stream [<!ENTITY xxe SYSTEM '"
                    + url + "'>]>" + header("&xxe;")))));
                try (RawComponent attacker = at(Stage.AUTHENTICATED)) {
                    attacker.send("<!DOCTYPE message SYSTEM '" + url + "'><message from='" + ATTACKER + "' to='"
                        + ALICE + "'/>");
                    assertEquals(NOT_WELL_FORMED, condition(attacker.awaitStreamErrorAndClose()));
                }
                return null;
            });
            assertEquals(0, connections.get(), "nothing connected to the entities' URL");
        }
    }

    @Test
    void anExternalEntityNamingALocalFileNeverOpensIt(@TempDir Path directory) throws Exception {
        Path fifo = directory.resolve("secret");
        assumeTrue(madeFifo(fifo), "needs mkfifo");
        // Opening a FIFO for writing waits for a reader: the watcher learns whether anything opened the file.
        AtomicBoolean opened = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            try (OutputStream ignored = Files.newOutputStream(fifo)) {
                opened.set(true);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        String file = fifo.toUri().toString();
        meanwhile(() -> {
            assertEquals(RESTRICTED_XML, condition(refused(bytes("<!DOCTYPE stream:stream [<!ENTITY xxe SYSTEM '"
                + file + "'>]>" + header("&xxe;")))));
            assertEquals(RESTRICTED_XML, condition(refused(bytes("<!DOCTYPE stream:stream SYSTEM '" + file + "'>"
                + header(COMPONENT)))));
            return null;
        });
        assertFalse(opened.get(), "the file was opened");
        // Now open it ourselves: the watcher sees it, which shows that it would have seen the server do it.
        Files.newInputStream(fifo).close();
        watcher.join(Await.DEADLINE.toMillis());
        assertTrue(opened.get());
    }

    @Test
    void handshakeDigestsOfEveryWrongLengthAreNotAuthorized() throws Exception {
        meanwhile(() -> {
            for (int length = 0; length <= 80; length++) {
                if (length == 40) {
                    continue;
                }
                int wanted = length;
                // A prefix of the right digest, or the right digest and more: a lax comparison would let it in.
                Element error = handshakeRefused(digest -> "<handshake>" + (wanted < 40 ? digest.substring(0, wanted)
                    : digest + digest.substring(0, wanted - 40)) + "</handshake>");
                assertEquals(NOT_AUTHORIZED, condition(error), "length " + length);
                assertEquals("Invalid handshake", error.elementText("text"));
            }
            // Past what any element may take before authentication.
            assertEquals(POLICY_VIOLATION, condition(handshakeRefused(digest -> "<handshake>" + digest.repeat(250)
                + "</handshake>")));
            return null;
        });
        assertFalse(openfire.hasRoute(COMPONENT));
    }

    @Test
    void theRightDigestInAChildOrAnAttributeIsNotAuthorized() throws Exception {
        List<Function<String, String>> handshakes = List.of(
            digest -> "<handshake><digest>" + digest + "</digest></handshake>",
            digest -> "<handshake>" + digest.substring(0, 20) + "<x/>" + digest.substring(20) + "</handshake>",
            digest -> "<handshake digest='" + digest + "'/>",
            digest -> "<handshake xmlns='jabber:client'>" + digest + "</handshake>");
        meanwhile(() -> {
            for (Function<String, String> handshake : handshakes) {
                Element error = handshakeRefused(handshake);
                assertEquals(NOT_AUTHORIZED, condition(error), handshake.apply("0".repeat(40)));
                assertEquals("Invalid handshake", error.elementText("text"));
            }
            return null;
        });
        assertFalse(openfire.hasRoute(COMPONENT));
    }

    @Test
    void stanzasSentWithTheHeaderAreNotAuthorized() throws Exception {
        List<String> stanzas = List.of(
            "<message from='" + COMPONENT + "' to='" + ALICE + "'><body>early</body></message>",
            "<iq type='get' id='v' from='" + COMPONENT + "' to='example.org'><query xmlns='jabber:iq:version'/></iq>",
            "<presence from='" + COMPONENT + "' to='" + ALICE + "'/>");
        meanwhile(() -> {
            for (String stanza : stanzas) {
                assertEquals(NOT_AUTHORIZED, condition(refused(bytes(header(COMPONENT) + stanza))), stanza);
            }
            return null;
        });
        assertTrue(openfire.inbox(ALICE).isEmpty());
        assertTrue(openfire.unroutable().isEmpty(), "nothing is routed before authentication");
    }

    @Test
    void nesting100000DeepIsPolicyViolation() throws Exception {
        Element error = meanwhile(() -> {
            try (RawComponent attacker = at(Stage.AUTHENTICATED)) {
                attacker.sendUntilClosed(bytes("<message from='" + ATTACKER + "' to='" + ALICE + "'>"
                    + "<a>".repeat(100_000)));
                return attacker.awaitStreamErrorAndClose();
            }
        });
        assertEquals(POLICY_VIOLATION, condition(error));
        assertEquals("Elements may not be nested deeper than " + StreamDecoder.MAX_DEPTH, error.elementText("text"));
    }

    @Test
    void anOversizedStanzaTrickledByteByByteIsRefusedOncePastTheLimit() throws Exception {
        int trickled = meanwhile(() -> {
            try (RawComponent attacker = at(Stage.AUTHENTICATED)) {
                // Taken out of the way: the next thing the server sends is its answer to the trickle.
                attacker.answerDiscoProbe();
                int written = attacker.trickle(bytes("<message from='" + ATTACKER + "' to='" + ALICE + "'><body>"
                    + "x".repeat(1 << 20)));
                assertEquals(POLICY_VIOLATION, condition(attacker.awaitStreamErrorAndClose()));
                return written;
            }
        });
        assertTrue(trickled > MAX_STANZA_SIZE, "refused only past the limit, not after " + trickled + " bytes");
        assertTrue(trickled < MAX_STANZA_SIZE + 16 * 1024, "refused soon after the limit, not after " + trickled
            + " bytes");
    }

    @Test
    void anOversizedStanzaOf100MegabytesIsRefusedLongBeforeItsEnd() throws Exception {
        byte[] megabyte = new byte[1 << 20];
        Arrays.fill(megabyte, (byte) 'x');
        byte[][] stanza = new byte[101][];
        stanza[0] = bytes("<message from='" + ATTACKER + "' to='" + ALICE + "'><body>");
        Arrays.fill(stanza, 1, stanza.length, megabyte);
        long sent = meanwhile(() -> {
            try (RawComponent attacker = at(Stage.AUTHENTICATED)) {
                long written = attacker.sendUntilClosed(stanza);
                assertEquals(POLICY_VIOLATION, condition(attacker.awaitStreamErrorAndClose()));
                return written;
            }
        });
        assertTrue(sent < 32 * megabyte.length, "the connection was closed after " + sent + " bytes");
    }

    @Test
    void aHandshakeTrickledSlowerThanTheStateTimeoutIsConnectionTimeout() throws Exception {
        long[] lasted = new long[1];
        Element error = meanwhile(() -> {
            // From before the connection: the server's timer starts when it accepts it.
            long start = System.nanoTime();
            try (RawComponent attacker = new RawComponent(fixture.port())) {
                attacker.send(header(COMPONENT));
                attacker.awaitStreamId();
                byte[] handshake = bytes("<handshake>" + "0".repeat(40) + "</handshake>");
                // A byte every 100 ms: the connection is never idle, yet the handshake is never complete in time.
                for (int i = 0; i < handshake.length && attacker.staysOpenFor(100); i++) {
                    attacker.sendUntilClosed(new byte[] {handshake[i]});
                }
                lasted[0] = millisSince(start);
                return attacker.awaitStreamErrorAndClose();
            }
        });
        assertTimedOutAfterStateTimeout(error, lasted[0]);
    }

    @Test
    void aPeerThatFallsSilentMidHandshakeIsConnectionTimeout() throws Exception {
        long[] lasted = new long[1];
        Element error = meanwhile(() -> {
            // From before the connection: the server's timer starts when it accepts it.
            long start = System.nanoTime();
            try (RawComponent attacker = new RawComponent(fixture.port())) {
                attacker.send(header(COMPONENT) + "<handshake>0123");
                // Neither reading nor writing, like a peer gone without a FIN: only the server's timer can end it.
                fixture.awaitConnections(2);
                fixture.awaitConnections(1);
                lasted[0] = millisSince(start);
                return attacker.awaitStreamErrorAndClose();
            }
        });
        assertTimedOutAfterStateTimeout(error, lasted[0]);
    }

    private static void assertTimedOutAfterStateTimeout(Element error, long lastedMillis) {
        assertEquals("connection-timeout", condition(error));
        assertTrue(lastedMillis >= STATE_TIMEOUT && lastedMillis < STATE_TIMEOUT + 2000, "closed after "
            + lastedMillis + " ms");
    }

    @Test
    void aHalfClosedConnectionIsClosedAndUnregisteredAtOnce() throws Exception {
        long[] lasted = new long[1];
        String received = meanwhile(() -> {
            try (RawComponent attacker = at(Stage.AUTHENTICATED)) {
                long start = System.nanoTime();
                attacker.shutdownOutput();
                attacker.awaitClosed();
                lasted[0] = millisSince(start);
                return attacker.received();
            }
        });
        // The component ended its stream without a word, so it is treated as gone: no stream error to send.
        assertFalse(received.contains("<stream:error"), received);
        assertFalse(openfire.hasRoute(ATTACKER));
        assertTrue(lasted[0] < 1000, "closed after " + lasted[0] + " ms");
    }

    @Test
    void aComponentThatStopsReadingIsCutOffAtItsQueueLimit() throws Exception {
        int[] deepest = {0};
        Element error = meanwhile(() -> {
            try (RawComponent attacker = RawComponent.authenticate(new RawComponent(fixture.port(), 4096), ATTACKER,
                SECRET)) {
                String body = "q".repeat(4000);
                for (int i = 0; i < 5000 && openfire.hasRoute(ATTACKER); i++) {
                    openfire.send(InMemoryOpenfire.message(ALICE + "/phone", ATTACKER, body));
                    deepest[0] = Math.max(deepest[0], queueDepth(ATTACKER));
                }
                assertFalse(openfire.hasRoute(ATTACKER), "unregistered although it reads nothing");
                // Reading again within the server's last-words second, it gets the end of its stream.
                return attacker.awaitStreamErrorAndClose();
            }
        });
        assertEquals(POLICY_VIOLATION, condition(error));
        // What became of the stanzas it did not take is TrafficOptionsTest's concern.
        assertTrue(deepest[0] <= MAX_QUEUE, "the server held " + deepest[0] + " stanzas for it");
    }

    // ---- the harness --------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Attack<T> {
        T run() throws Exception;
    }

    /**
     * Runs the attack while the bystander exchanges stanzas, then checks that the bystander was served at full speed
     * and is still connected, and that the server read at most {@link #READ_BOUND} bytes of the attack.
     */
    private <T> T meanwhile(Attack<T> attack) throws Exception {
        long readBefore = bytesReadFromAttackers();
        long start = System.nanoTime();
        bystander.start();
        T outcome = attack.run();
        long attackMillis = millisSince(start);
        if (attackMillis < BYSTANDER_MILLIS) {
            // The bystander is measured over a window of at least this length, however quick the attack was.
            Thread.sleep(BYSTANDER_MILLIS - attackMillis);
        }
        long window = millisSince(start);
        Bystander.Exchanges exchanges = bystander.stop();
        // Time in which the whole process stood still served nobody, attack or not.
        long served = window - exchanges.pausedMillis();
        assertTrue(exchanges.count() >= served * MIN_ROUND_TRIPS_PER_SECOND / 1000, "bystander in " + window
            + " ms: " + exchanges);
        assertTrue(exchanges.slowerThan(SLOW_MILLIS) <= Math.max(1, exchanges.count() / 100), "bystander: "
            + exchanges);
        assertTrue(exchanges.percentileMillis(100) < STALL_MILLIS, "bystander: " + exchanges);
        assertTrue(openfire.hasRoute(BYSTANDER), "the bystander is still registered");
        long read = bytesReadFromAttackers() - readBefore;
        assertTrue(read <= READ_BOUND, "the server read " + read + " bytes of the attack");
        return outcome;
    }

    /** Bytes the listener has read from every connection but the bystander's; meaningful while it is idle. */
    private long bytesReadFromAttackers() {
        long bystanderBytes = fixture.listener().sessions().stream()
            .filter(session -> BYSTANDER.equals(session.getDomain()))
            .mapToLong(session -> session.getBytesIn())
            .sum();
        return fixture.counters().get(ListenerCounters.Counter.BYTES_IN) - bystanderBytes;
    }

    private int queueDepth(String domain) {
        return fixture.listener().sessions().stream()
            .filter(session -> domain.equals(session.getDomain()))
            .mapToInt(session -> session.getQueueDepth())
            .sum();
    }

    private RawComponent at(Stage stage) throws IOException {
        switch (stage) {
            case HEADER_ANSWERED:
                RawComponent component = new RawComponent(fixture.port());
                component.send(header(COMPONENT));
                component.awaitStreamId();
                return component;
            case AUTHENTICATED:
                return RawComponent.connect(fixture.port(), ATTACKER, SECRET);
            default:
                return new RawComponent(fixture.port());
        }
    }

    /** Sends the input on a new connection; the stream error the server closed it with. */
    private Element refused(byte[] input) throws IOException {
        try (RawComponent attacker = new RawComponent(fixture.port())) {
            attacker.sendUntilClosed(input);
            return attacker.awaitStreamErrorAndClose();
        }
    }

    /** Opens a stream for {@link #COMPONENT} and sends the handshake made from the right digest; the stream error. */
    private Element handshakeRefused(Function<String, String> handshake) throws IOException {
        try (RawComponent attacker = at(Stage.HEADER_ANSWERED)) {
            attacker.sendUntilClosed(bytes(handshake.apply(handshakeDigest(attacker.awaitStreamId(), SECRET))));
            return attacker.awaitStreamErrorAndClose();
        }
    }

    private static Arguments refused(Stage stage, String name, String condition, Object... input) {
        return Arguments.of(stage, Named.of(name, bytes(input)), condition);
    }

    /**
     * A whole message to {@link #ALICE} with the parts inside its body's text: such a text is checked as a whole once
     * its end has arrived, and the stanza would be routed if the parts passed.
     */
    private static byte[] inBody(Object... parts) {
        return bytes("<message from='" + ATTACKER + "' to='" + ALICE + "'><body>before ", bytes(parts),
            " after</body></message>");
    }

    /** Strings (as UTF-8) and byte arrays, one after the other. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof String ? ((String) part).getBytes(StandardCharsets.UTF_8) : (byte[]) part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** Ten levels of ten references each: a billion "lol"s if expanded. */
    private static String billionLaughs() {
        StringBuilder dtd = new StringBuilder("<?xml version='1.0'?><!DOCTYPE stream:stream [<!ENTITY lol0 'lol'>");
        for (int level = 1; level <= 9; level++) {
            dtd.append("<!ENTITY lol").append(level).append(" '")
                .append(("&lol" + (level - 1) + ";").repeat(10)).append("'>");
        }
        return dtd.append("]>").append(header("&lol9;")).toString();
    }

    private static String namespaceDeclarations(int count) {
        StringBuilder declarations = new StringBuilder();
        for (int i = 0; i < count; i++) {
            declarations.append(" xmlns:p").append(i).append("='urn:p'");
        }
        return declarations.toString();
    }

    private static boolean madeFifo(Path path) throws InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", path.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
