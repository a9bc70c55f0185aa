package org.jivesoftware.openfire.plugin.componentlistener.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a listener without TLS: a connection whose first byte starts a TLS record (a ClientHello) is a client set up
 * for direct TLS. It is closed at once with a log line that says so, instead of getting an XML stream error it
 * cannot read. Steps aside after the first data.
 */
public final class TlsOnPlaintextGuard extends ChannelInboundHandlerAdapter {
    /** The content type of a TLS handshake record, the first byte a TLS client sends. */
    private static final byte TLS_HANDSHAKE_RECORD = 0x16;
    private static final Logger LOG = LoggerFactory.getLogger(TlsOnPlaintextGuard.class);

    private final String listenerId;

    private TlsOnPlaintextGuard(String listenerId) {
        this.listenerId = listenerId;
    }

    /** Puts the guard in front of whatever the connection's pipeline holds. */
    public static void install(Channel channel, String listenerId) {
        channel.pipeline().addFirst("tls-on-plaintext", new TlsOnPlaintextGuard(listenerId));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        if (!bytes.isReadable()) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (bytes.getByte(bytes.readerIndex()) == TLS_HANDSHAKE_RECORD) {
            bytes.release();
            LOG.info("Component listener '{}' closed the connection from {}: it starts with TLS, but the listener has"
                + " tls = none", listenerId, ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }
}
