package org.jivesoftware.openfire.plugin.componentlistener.stream;

import java.util.HashMap;
import java.util.Map;

import org.dom4j.Namespace;
import org.dom4j.QName;

/**
 * The qualified names one stream's elements and attributes use, so that each is made once. dom4j's own name caches
 * are shared by the whole server and never forget a name (their values hold their weak keys), so a stream of ever
 * new names would fill them for good; this table belongs to one stream and is emptied with its parser's.
 */
final class StreamNames {
    private final Map<String, QName> withoutNamespace = new HashMap<>();
    /** Namespace URI, then local name; a name met again with another prefix is made anew (rare). */
    private final Map<String, Map<String, QName>> withNamespace = new HashMap<>();

    QName get(String localName, String prefix, String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return withoutNamespace.computeIfAbsent(localName, QName::new);
        }
        String safePrefix = prefix == null ? "" : prefix;
        QName known = withNamespace.computeIfAbsent(namespace, uri -> new HashMap<>())
            .computeIfAbsent(localName, name -> new QName(name, namespace(safePrefix, namespace)));
        return known.getNamespacePrefix().equals(safePrefix) ? known
            : new QName(localName, namespace(safePrefix, namespace));
    }

    /** A namespace declaration, made anew: dom4j's namespace cache keeps every URI it was asked for. */
    static Namespace namespace(String prefix, String uri) {
        return new Namespace(prefix, uri);
    }

    void clear() {
        withoutNamespace.clear();
        withNamespace.clear();
    }
}
