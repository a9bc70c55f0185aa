package org.jivesoftware.openfire.plugin.componentlistener.listener;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Where a read is copied for the parser, which keeps nothing of it once fed: one array per event loop thread, as
 * large as its largest read, rather than one per connection kept at that size while the component idles.
 */
final class ReadBuffer {
    private static final FastThreadLocal<byte[]> BUFFER = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[0];
        }
    };

    private ReadBuffer() {
    }

    /** This thread's array, grown to hold at least {@code length} bytes. */
    static byte[] ofAtLeast(int length) {
        byte[] buffer = BUFFER.get();
        if (buffer.length < length) {
            buffer = new byte[length];
            BUFFER.set(buffer);
        }
        return buffer;
    }
}
