package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.util.Locale;

import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamException;
import org.jivesoftware.openfire.plugin.componentlistener.stream.StreamHeader;
import org.xmpp.packet.JID;
import org.xmpp.packet.StreamError;

/**
 * The domain a stream asks for (SPEC sections 3 and 7): {@code to} as a full subdomain of the XMPP domain, or with
 * {@code is_subdomain="true"} a bare label that the XMPP domain is appended to.
 */
public final class ComponentAddress {
    private final String domain;
    private final String subdomain;
    private final String headerFrom;
    private final boolean asksMultiple;

    private ComponentAddress(String domain, String subdomain, String headerFrom, boolean asksMultiple) {
        this.domain = domain;
        this.subdomain = subdomain;
        this.headerFrom = headerFrom;
        this.asksMultiple = asksMultiple;
    }

    /** Resolves the header's {@code to}, or fails with {@code host-unknown}. */
    public static ComponentAddress of(StreamHeader header, String xmppDomain) throws StreamException {
        String to = header.to();
        if (to == null || to.isBlank()) {
            throw hostUnknown("The stream header has no 'to'");
        }
        String requested = header.isSubdomain() ? to + "." + xmppDomain : to;
        String domain = domainprep(requested);
        String suffix = "." + xmppDomain;
        if (domain == null) {
            throw hostUnknown("'" + to + "' is not a valid domain");
        }
        if (domain.equals(xmppDomain)) {
            // Not outside the server's domain: refused after the handshake as taken (SPEC section 5).
            return new ComponentAddress(domain, "", to.toLowerCase(Locale.ROOT), header.allowsMultiple());
        }
        if (!domain.endsWith(suffix)) {
            throw hostUnknown("'" + to + "' is not a subdomain of " + xmppDomain);
        }
        return new ComponentAddress(domain, domain.substring(0, domain.length() - suffix.length()),
            to.toLowerCase(Locale.ROOT), header.allowsMultiple());
    }

    /** Whether the header had Openfire's {@code allowMultiple}: the component may share its domain (a fleet). */
    public boolean asksMultiple() {
        return asksMultiple;
    }

    /** The full domain the component is routed as, e.g. {@code pubsub.example.org}. */
    public String domain() {
        return domain;
    }

    /** The part before the XMPP domain, as Openfire's component manager takes it; empty for the domain itself. */
    public String subdomain() {
        return subdomain;
    }

    /** The {@code from} of the reply header: the requested {@code to}, lower case. */
    public String headerFrom() {
        return headerFrom;
    }

    private static String domainprep(String candidate) {
        try {
            JID jid = new JID(candidate);
            if (jid.getNode() != null || jid.getResource() != null) {
                return null;
            }
            return jid.getDomain().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static StreamException hostUnknown(String text) {
        return new StreamException(StreamError.Condition.host_unknown, text);
    }
}
