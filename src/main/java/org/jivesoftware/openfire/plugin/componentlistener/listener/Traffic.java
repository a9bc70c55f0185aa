package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;

/**
 * What one connection read and wrote, counted for its snapshot and added to the plugin's counters. What is written
 * to the component goes through here, so that the bytes are counted wherever the write comes from.
 */
final class Traffic {
    private final Channel channel;
    private final ListenerCounters counters;
    private final AtomicLong stanzasIn = new AtomicLong();
    private final AtomicLong stanzasOut = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();

    Traffic(Channel channel, ListenerCounters counters) {
        this.channel = channel;
        this.counters = counters;
    }

    void bytesRead(int length) {
        bytesIn.addAndGet(length);
        counters.add(ListenerCounters.Counter.BYTES_IN, length);
    }

    void stanzaRead() {
        stanzasIn.incrementAndGet();
        counters.increment(ListenerCounters.Counter.STANZAS_IN);
    }

    /** A stanza the socket took. */
    void stanzaWritten() {
        stanzasOut.incrementAndGet();
        counters.increment(ListenerCounters.Counter.STANZAS_OUT);
    }

    ChannelFuture write(String xml) {
        return write(ByteBufUtil.writeUtf8(channel.alloc(), xml));
    }

    ChannelFuture write(ByteBuf bytes) {
        int length = bytes.readableBytes();
        bytesOut.addAndGet(length);
        counters.add(ListenerCounters.Counter.BYTES_OUT, length);
        return channel.write(bytes);
    }

    long stanzasIn() {
        return stanzasIn.get();
    }

    long stanzasOut() {
        return stanzasOut.get();
    }

    long bytesIn() {
        return bytesIn.get();
    }

    long bytesOut() {
        return bytesOut.get();
    }
}
