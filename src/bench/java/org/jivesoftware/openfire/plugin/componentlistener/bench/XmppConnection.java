package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;

/**
 * One XMPP stream on a plain socket. A reader thread cuts what the server sends into top-level elements, cheaply
 * (no XML parser: the benchmark's own load must stay small beside the server's), and hands each to the current
 * handler; without one, elements wait in an inbox for {@link #nextElement}. Stream headers (also after a stream
 * restart) are kept, not handed on.
 */
final class XmppConnection implements AutoCloseable {
    private static final String STREAM_HEADER = "<stream:stream";
    private static final String STREAM_END = "</stream:stream>";
    /**
     * Put in the inbox when the server's stream ends, so that a reader waiting for an element learns at once; no
     * element looks like it, since every element starts with '<'.
     */
    private static final String STREAM_ENDED = "end of stream";

    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;
    private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private volatile Consumer<String> handler = inbox::add;
    private volatile String lastStreamHeader;
    private final CountDownLatch streamHeaderSeen = new CountDownLatch(1);
    private final CountDownLatch closedByServer = new CountDownLatch(1);
    private volatile String closeReason;

    private XmppConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.reader = new Thread(this::readUntilClosed, "xmpp-reader-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    static XmppConnection open(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        return new XmppConnection(socket);
    }

    /** Every element from now on goes to this handler, on the reader thread. */
    void onElement(Consumer<String> elementHandler) {
        handler = elementHandler;
    }

    /** Elements go to the inbox again. */
    void toInbox() {
        handler = inbox::add;
    }

    /** Writes and flushes. */
    void send(String xml) throws IOException {
        write(xml);
        flush();
    }

    /** Writes without flushing, for a burst of stanzas; {@link #flush} sends them. */
    synchronized void write(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
    }

    synchronized void flush() throws IOException {
        out.flush();
    }

    /** The next element from the inbox; fails with what is known when the stream ends or none comes in time. */
    String nextElement(long timeoutMillis) throws IOException, InterruptedException {
        String element = inbox.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (STREAM_ENDED.equals(element)) {
            inbox.add(STREAM_ENDED);
        }
        if (element == null || STREAM_ENDED.equals(element)) {
            throw new IOException(isClosed() ? "stream closed by the server: " + closeReason
                : "no answer within " + timeoutMillis + " ms");
        }
        return element;
    }

    /** The first stream header of the server, once it came. */
    String awaitStreamHeader(long timeoutMillis) throws IOException, InterruptedException {
        if (!streamHeaderSeen.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new IOException(isClosed() ? "stream closed before a header: " + closeReason
                : "no stream header within " + timeoutMillis + " ms");
        }
        return lastStreamHeader;
    }

    boolean isClosed() {
        return closedByServer.getCount() == 0;
    }

    /**
     * Ends the stream as a well-behaved peer does: sends {@code </stream:stream>} and waits until the server ends
     * its side too (its end tag, or the connection closes); false when it did not in time.
     */
    boolean closeStream(long timeoutMillis) throws InterruptedException {
        try {
            send(STREAM_END);
        } catch (IOException e) {
            // The server went first: nothing left to wait for.
        }
        boolean ended = closedByServer.await(timeoutMillis, TimeUnit.MILLISECONDS);
        close();
        return ended;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that is left to do.
        }
    }

    private void readUntilClosed() {
        ElementSplitter splitter = new ElementSplitter();
        char[] chunk = new char[64 * 1024];
        try (Reader in = new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)) {
            for (int read; (read = in.read(chunk)) >= 0; ) {
                if (splitter.feed(chunk, read)) {
                    closeReason = "</stream:stream>";
                    break;
                }
            }
            if (closeReason == null) {
                closeReason = "connection closed";
            }
        } catch (IOException e) {
            closeReason = e.toString();
        } finally {
            closedByServer.countDown();
            inbox.add(STREAM_ENDED);
        }
    }

    /**
     * Finds complete top-level elements in the characters read so far. Tags are scanned with quotes respected;
     * text at the top level (whitespace keepalives) is skipped. Comments and CDATA do not occur in what an XMPP
     * server sends.
     */
    private final class ElementSplitter {
        private final StringBuilder pending = new StringBuilder();
        /** Where scanning goes on in {@link #pending}. */
        private int scanned;
        /** Start of the unfinished top-level element, while {@link #depth} is above 0. */
        private int elementStart;
        private int depth;

        /** Takes more characters; true once the server ended its stream. */
        boolean feed(char[] chars, int length) {
            pending.append(chars, 0, length);
            while (true) {
                int tagStart = pending.indexOf("<", scanned);
                if (tagStart < 0) {
                    scanned = pending.length();
                    break;
                }
                int tagEnd = RawComponent.tagEnd(pending, tagStart);
                if (tagEnd < 0) {
                    scanned = tagStart;
                    break;
                }
                scanned = tagEnd + 1;
                if (tag(tagStart, tagEnd)) {
                    return true;
                }
            }
            discardConsumed();
            return false;
        }

        /** Handles one complete tag; true for the end of the stream. */
        private boolean tag(int start, int end) {
            char second = pending.charAt(start + 1);
            if (second == '?') {
                return false;
            }
            if (depth == 0 && startsWith(start, STREAM_END)) {
                return true;
            }
            if (depth == 0 && startsWith(start, STREAM_HEADER)) {
                lastStreamHeader = pending.substring(start, end + 1);
                streamHeaderSeen.countDown();
                return false;
            }
            if (second == '/') {
                depth--;
            } else if (pending.charAt(end - 1) != '/') {
                if (depth++ == 0) {
                    elementStart = start;
                }
                return false;
            } else if (depth == 0) {
                elementStart = start;
            }
            if (depth == 0) {
                handler.accept(pending.substring(elementStart, end + 1));
            }
            return false;
        }

        private boolean startsWith(int at, String prefix) {
            if (pending.length() - at < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (pending.charAt(at + i) != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** Drops what no element needs any more, so that a long stream does not grow the buffer. */
        private void discardConsumed() {
            int keepFrom = depth > 0 ? elementStart : scanned;
            if (keepFrom > 0) {
                pending.delete(0, keepFrom);
                scanned -= keepFrom;
                elementStart -= keepFrom;
            }
        }
    }
}
