package org.jivesoftware.openfire.plugin.componentlistener.stream;

import java.util.Map;

/** The opening {@code <stream:stream>} tag as the component sent it. */
public final class StreamHeader {
    public static final String STREAM_NAMESPACE = "http://etherx.jabber.org/streams";
    public static final String COMPONENT_NAMESPACE = "jabber:component:accept";

    private final String localName;
    private final String namespace;
    private final String defaultNamespace;
    private final Map<String, String> attributes;

    public StreamHeader(String localName, String namespace, String defaultNamespace, Map<String, String> attributes) {
        this.localName = localName;
        this.namespace = namespace;
        this.defaultNamespace = defaultNamespace;
        this.attributes = Map.copyOf(attributes);
    }

    /** True for {@code <stream:stream>} in the streams namespace with {@code jabber:component:accept} content. */
    public boolean isComponentStream() {
        return "stream".equals(localName) && STREAM_NAMESPACE.equals(namespace)
            && COMPONENT_NAMESPACE.equals(defaultNamespace);
    }

    /** The {@code to} attribute, or null. */
    public String to() {
        return attributes.get("to");
    }

    /** The {@code is_subdomain} extension counts only with exactly the value {@code true}. */
    public boolean isSubdomain() {
        return "true".equals(attributes.get("is_subdomain"));
    }

    /**
     * Openfire's {@code allowMultiple} attribute: the component may open several connections for its domain. Any
     * value counts, as on Openfire's own port, which tests only its presence.
     */
    public boolean allowsMultiple() {
        return attributes.containsKey("allowMultiple");
    }

    /** The server's answering header: from the component's domain (as asked), with the new stream's id. */
    public static String reply(String from, String streamId) {
        return "<?xml version='1.0' encoding='UTF-8'?><stream:stream xmlns:stream='" + STREAM_NAMESPACE + "' xmlns='"
            + COMPONENT_NAMESPACE + "' from='" + escapeAttribute(from) + "' id='" + streamId + "'>";
    }

    /** Escapes a value for an attribute in single or double quotes. */
    public static String escapeAttribute(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;").replace("\"", "&quot;");
    }
}
