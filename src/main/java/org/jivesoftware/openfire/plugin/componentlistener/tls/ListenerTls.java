package org.jivesoftware.openfire.plugin.componentlistener.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfig;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct TLS on one listener ({@code tls = direct}): the JDK's TLS through Netty's {@link SslHandler}, with the
 * listener's PEM files or Openfire's own certificate. New connections get the context built last; a certificate
 * that changes is loaded again without touching the connections already there, and one that cannot be loaded
 * leaves the previous one in use, with the reason kept for the listeners page.
 */
public final class ListenerTls {
    /** Never anything older, whatever Openfire's settings allow. */
    static final List<String> SECURE_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Logger LOG = LoggerFactory.getLogger(ListenerTls.class);

    private final Supplier<ListenerConfig> config;
    private final OpenfireServer openfire;
    private final CertificateSource source;
    private final AtomicReference<SslContext> context = new AtomicReference<>();
    private volatile Optional<Message> problem = Optional.empty();
    /** The server certificate of the context in use. */
    private X509Certificate certificate;

    private ListenerTls(Supplier<ListenerConfig> config, OpenfireServer openfire, CertificateSource source) {
        this.config = config;
        this.openfire = openfire;
        this.source = source;
    }

    /** TLS for the listener, or empty for {@code tls = none}; fails with the reason when it cannot serve TLS. */
    public static Optional<ListenerTls> of(Supplier<ListenerConfig> config, OpenfireServer openfire)
        throws TlsSetupException {
        ListenerConfig settings = config.get();
        if (!settings.directTls()) {
            return Optional.empty();
        }
        CertificateSource source = settings.pemFiles().<CertificateSource>map(PemFilesSource::new)
            .orElseGet(() -> new OpenfireStoreSource(openfire, openfire.xmppDomain()));
        ListenerTls tls = new ListenerTls(config, openfire, source);
        tls.context.set(tls.build());
        return Optional.of(tls);
    }

    /** Puts TLS in front of whatever the connection's pipeline holds. */
    public void install(Channel channel) {
        SslHandler handler = context.get().newHandler(channel.alloc());
        handler.setHandshakeTimeout(config.get().stateTimeoutMillis(), TimeUnit.MILLISECONDS);
        channel.pipeline().addFirst(TlsFailureLog.NAME, new TlsFailureLog(config.get().id()));
        channel.pipeline().addFirst("tls", handler);
    }

    /**
     * Loads the certificate again if it may have changed, for the connections that come next.
     *
     * @param openfireStoreChanged Openfire said that one of its certificate stores changed
     */
    public void refresh(boolean openfireStoreChanged) {
        if (!source.mayHaveChanged(openfireStoreChanged)) {
            return;
        }
        try {
            X509Certificate previous = certificate;
            context.set(build());
            problem = Optional.empty();
            // Openfire reports changes to any of its stores: only a new certificate is worth a line.
            if (!certificate.equals(previous)) {
                LOG.info("Component listener '{}' loaded a new TLS certificate (serial {}, valid until {}); new"
                    + " connections use it", config.get().id(), certificate.getSerialNumber().toString(16),
                    certificate.getNotAfter().toInstant());
            }
        } catch (TlsSetupException e) {
            Message keeps = Message.of("error.tls.keeps", e.reason());
            if (!problem.equals(Optional.of(keeps))) {
                LOG.error("Component listener '{}' keeps its previous TLS certificate: {}", config.get().id(),
                    e.getMessage());
            }
            problem = Optional.of(keeps);
        }
    }

    /** Why the certificate in use is not the latest one, if it is not. */
    public Optional<Message> problem() {
        return problem;
    }

    private SslContext build() throws TlsSetupException {
        ServerIdentity identity = source.load();
        List<String> ciphers = openfire.componentTlsCipherSuites();
        try {
            SslContext built = SslContextBuilder.forServer(identity.key(), identity.chain())
                .sslProvider(SslProvider.JDK)
                .protocols(protocols(openfire.componentTlsProtocols()))
                .ciphers(ciphers.isEmpty() ? null : ciphers, SupportedCipherSuiteFilter.INSTANCE)
                .build();
            certificate = identity.chain()[0];
            return built;
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSetupException(Message.of("error.tls.setup", e.getMessage()));
        }
    }

    /** Openfire's protocols for component connections that are secure; both secure ones when none of them is. */
    static String[] protocols(List<String> openfireProtocols) {
        List<String> protocols = new ArrayList<>(SECURE_PROTOCOLS);
        protocols.retainAll(openfireProtocols);
        return (protocols.isEmpty() ? SECURE_PROTOCOLS : protocols).toArray(new String[0]);
    }
}
