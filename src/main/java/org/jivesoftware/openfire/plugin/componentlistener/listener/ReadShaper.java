package org.jivesoftware.openfire.plugin.componentlistener.listener;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.handler.traffic.ChannelTrafficShapingHandler;

/**
 * The {@code shaper} option on one connection: Netty's traffic shaping pauses reading once the byte rate is
 * exceeded (nothing is dropped), and reads are capped at one second's worth so that a burst is at most that.
 */
final class ReadShaper {
    static final String NAME = "shaper";
    private static final long CHECK_INTERVAL_MILLIS = 100;
    private static final int MIN_READ = 64;
    private static final int MAX_READ = 65536;

    private ReadShaper() {
    }

    /**
     * Sets the connection's read rate; 0 reads without limit. The shaper is added in front of the session's handler
     * only once a rate is set: unshaped connections (most) pay nothing for it per read and write, nor for its
     * timer. Once added it stays, set to 0 if the limit is lifted. Call on the connection's event loop, or before it
     * is registered.
     */
    static void apply(Channel channel, long bytesPerSecond) {
        ChannelTrafficShapingHandler shaper = (ChannelTrafficShapingHandler) channel.pipeline().get(NAME);
        if (shaper != null) {
            shaper.configure(0, bytesPerSecond);
        } else if (bytesPerSecond > 0) {
            channel.pipeline().addFirst(NAME, new ChannelTrafficShapingHandler(0, bytesPerSecond,
                CHECK_INTERVAL_MILLIS));
        }
        capReads(channel, bytesPerSecond);
    }

    private static void capReads(Channel channel, long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            channel.config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator());
        } else {
            // One read per cycle: the shaper can only pause reading between cycles.
            int size = (int) Math.max(MIN_READ, Math.min(MAX_READ, bytesPerSecond));
            channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(size).maxMessagesPerRead(1));
        }
    }
}
