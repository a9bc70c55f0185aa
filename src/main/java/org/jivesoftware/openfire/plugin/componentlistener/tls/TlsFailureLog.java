package org.jivesoftware.openfire.plugin.componentlistener.tls;

import javax.net.ssl.SSLException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right behind the {@code SslHandler}: says in one log line why a TLS connection failed (the handler has closed it
 * already), and keeps TLS failures from reaching the XMPP stream as unexpected errors.
 */
final class TlsFailureLog extends ChannelInboundHandlerAdapter {
    static final String NAME = "tls-failures";
    private static final Logger LOG = LoggerFactory.getLogger(TlsFailureLog.class);

    private final String listenerId;

    TlsFailureLog(String listenerId) {
        this.listenerId = listenerId;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent && !((SslHandshakeCompletionEvent) event).isSuccess()) {
            Throwable cause = ((SslHandshakeCompletionEvent) event).cause();
            if (cause instanceof NotSslRecordException) {
                LOG.info("Component listener '{}' closed the connection from {}: it does not start with TLS, but the"
                    + " listener has tls = direct", listenerId, ctx.channel().remoteAddress());
            } else {
                LOG.info("Component listener '{}' closed the connection from {}: TLS handshake failed: {}", listenerId,
                    ctx.channel().remoteAddress(), cause.getMessage());
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
            if (!(cause.getCause() instanceof NotSslRecordException)) {
                LOG.debug("TLS failed on the connection from {}", ctx.channel().remoteAddress(), cause.getCause());
            }
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
