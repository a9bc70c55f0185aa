package org.jivesoftware.openfire.plugin.componentlistener.stream;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.aalto.AsyncXMLStreamReader;
import org.dom4j.Element;
import org.xmpp.packet.StreamError;

/**
 * The distinct names (elements, attributes, namespace declarations) of the stanza being parsed, held to
 * {@link StreamDecoder#NAME_BUDGET}. Counting occurrences is cheap; only a stanza with more name occurrences than
 * the budget has its distinct names collected and counted.
 */
final class StanzaNames {
    private int occurrences;
    private Set<String> distinct;

    /** A new stanza begins. */
    void reset() {
        occurrences = 0;
        distinct = null;
    }

    /**
     * Counts the names of the start tag the reader is on; {@code current} is the element it goes into (null for
     * the stanza's root). Returns how many names the tag has.
     */
    int count(AsyncXMLStreamReader<?> reader, Element current) throws StreamException {
        int names = 1 + reader.getAttributeCount() + reader.getNamespaceCount();
        occurrences += names;
        if (occurrences <= StreamDecoder.NAME_BUDGET) {
            return names;
        }
        if (distinct == null) {
            // A large stanza: from now on its names are collected, starting with those already built.
            distinct = new HashSet<>();
            if (current != null) {
                collect(root(current), distinct);
            }
        }
        distinct.add(reader.getPrefixedName());
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            distinct.add(qualifiedName(reader.getAttributePrefix(i), reader.getAttributeLocalName(i)));
        }
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            distinct.add(qualifiedName("xmlns", reader.getNamespacePrefix(i)));
        }
        if (distinct.size() > StreamDecoder.NAME_BUDGET) {
            throw new StreamException(StreamError.Condition.policy_violation,
                "More than " + StreamDecoder.NAME_BUDGET + " distinct element and attribute names in one stanza");
        }
        return names;
    }

    private static Element root(Element element) {
        Element root = element;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root;
    }

    private static void collect(Element element, Set<String> names) {
        names.add(element.getQualifiedName());
        for (int i = 0; i < element.attributeCount(); i++) {
            names.add(qualifiedName(element.attribute(i).getNamespacePrefix(), element.attribute(i).getName()));
        }
        for (org.dom4j.Namespace declared : element.declaredNamespaces()) {
            names.add(qualifiedName("xmlns", declared.getPrefix()));
        }
        for (Element child : element.elements()) {
            collect(child, names);
        }
    }

    private static String qualifiedName(String prefix, String localName) {
        return prefix == null || prefix.isEmpty() ? localName : prefix + ':' + localName;
    }
}
