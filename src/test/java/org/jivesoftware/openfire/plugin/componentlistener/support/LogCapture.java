package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything logged while it is open: the tests' logging binding (slf4j-simple) writes every message, with the stack
 * trace of its exception, to whatever {@code System.err} is at that moment. It is still shown, and also kept.
 */
public final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    public LogCapture() {
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                kept.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                kept.write(bytes, offset, length);
            }
        };
        System.setErr(new PrintStream(both, true, StandardCharsets.UTF_8));
    }

    /** What was logged so far. */
    public String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
