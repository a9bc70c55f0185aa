package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.jivesoftware.openfire.plugin.componentlistener.support.RawComponent;

/**
 * A component as a gateway runs it, over a plain socket, made cheap so that the server side is what a benchmark
 * measures: the XEP-0114 handshake, then writes of ready bytes and reads split by {@link ElementSplitter}, without
 * parsing. What arrives after the handshake goes to the handler the benchmark sets.
 */
final class LoadComponent implements AutoCloseable {
    /** Takes each top-level element the server sends, on the reading thread. */
    interface Handler {
        void element(byte[] bytes, int start, int end) throws IOException;
    }

    private static final byte[] STREAM_END = "</stream:stream>".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String domain;
    private final byte[] readBuffer;
    private final ElementSplitter splitter = new ElementSplitter(new ElementSplitter.Sink() {
        @Override
        public void header(byte[] bytes, int start, int end) {
            streamId = ElementSplitter.attribute(bytes, start, end, "id");
        }

        @Override
        public void element(byte[] bytes, int start, int end) {
            if (handler != null) {
                try {
                    handler.element(bytes, start, end);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            } else if (startsWith(bytes, start, "<handshake")) {
                established = true;
            } else {
                refusal = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            }
        }

        @Override
        public void streamEnd() {
            ended = true;
        }
    });
    private volatile Handler handler;
    private Thread reader;
    private String streamId;
    private boolean established;
    private boolean ended;
    private String refusal;

    private LoadComponent(Socket socket, String domain, int bufferSize) throws IOException {
        this.socket = socket;
        this.domain = domain;
        this.readBuffer = new byte[bufferSize];
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), bufferSize);
    }

    /**
     * Connects and authenticates; fails with what the server said when it refuses. The buffer size is that of each
     * read and of the writes a flush sends at once.
     */
    static LoadComponent connect(int port, String domain, String secret, int bufferSize) throws IOException {
        return connect(port, RawComponent.header(domain), domain, secret, bufferSize);
    }

    /** As {@link #connect(int, String, String, int)}, with Openfire's {@code allowMultiple}: one of a fleet. */
    static LoadComponent connectToFleet(int port, String domain, String secret, int bufferSize) throws IOException {
        return connect(port, RawComponent.header(domain).replace(">", " allowMultiple='true'>"), domain, secret,
            bufferSize);
    }

    private static LoadComponent connect(int port, String header, String domain, String secret, int bufferSize)
        throws IOException {
        LoadComponent component =
            new LoadComponent(new Socket(InetAddress.getLoopbackAddress(), port), domain, bufferSize);
        try {
            component.authenticate(header, secret);
            return component;
        } catch (IOException | RuntimeException e) {
            component.close();
            throw e;
        }
    }

    String domain() {
        return domain;
    }

    private void authenticate(String header, String secret) throws IOException {
        write(ascii(header));
        flush();
        while (streamId == null && refusal == null && read()) {
            // until the server's header
        }
        if (streamId == null) {
            throw new IOException("No stream header for " + domain + ": " + refusal);
        }
        write(ascii("<handshake>" + RawComponent.handshakeDigest(streamId, secret) + "</handshake>"));
        flush();
        while (!established && refusal == null && read()) {
            // until the answer
        }
        if (!established) {
            throw new IOException("Handshake of " + domain + " refused: " + refusal);
        }
    }

    /** Reads what is there into the splitter; false at the end of the stream or the connection. */
    private boolean read() throws IOException {
        int count = in.read(readBuffer);
        if (count < 0) {
            return false;
        }
        splitter.feed(readBuffer, 0, count);
        return !ended;
    }

    /** Hands every element from now on to the handler, on a thread of its own; flushes after each read. */
    void startReading(String name, Handler elements) {
        handler = elements;
        reader = new Thread(() -> {
            try {
                while (read()) {
                    out.flush();
                }
            } catch (IOException e) {
                // The connection was closed: the benchmark is over or counts what is missing.
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Ends the stream and waits for the server to end its own and close. */
    void closeStream() throws IOException, InterruptedException {
        write(STREAM_END);
        flush();
        if (reader != null) {
            reader.join();
        } else {
            while (read()) {
                // until the server's end of stream
            }
        }
        close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean startsWith(byte[] bytes, int start, String prefix) {
        if (bytes.length - start < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[start + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
