package org.jivesoftware.openfire.plugin.componentlistener.stanza;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.dom4j.Attribute;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.Node;

/**
 * Writes an element as UTF-8 XML straight into a Netty buffer, with no writer, string or copy per stanza in
 * between: every stanza to a component passes here. The bytes are those of dom4j's {@code XMLWriter} with its
 * default format (double-quoted attributes, {@code <empty/>} elements, entity references resolved, the same
 * namespace declarations), except that namespace names are escaped like attribute values: dom4j writes them as they
 * are, and a name from another stream holding a quote or '<' would break out of its attribute.
 */
final class StanzaEncoder {
    private final ByteBuf out;
    /** The namespaces declared by the elements being written, innermost last; as dom4j's namespace stack. */
    private final List<Namespace> declared = new ArrayList<>(8);

    private StanzaEncoder(ByteBuf out) {
        this.out = out;
        declared.add(Namespace.NO_NAMESPACE);
    }

    static void write(Element element, ByteBuf out) {
        new StanzaEncoder(out).element(element);
    }

    private void element(Element element) {
        String name = element.getQualifiedName();
        out.writeByte('<');
        utf8(name);
        int scope = declared.size();
        declareIfNeeded(element.getNamespace());
        int size = element.nodeCount();
        for (int i = 0; i < size; i++) {
            Node node = element.node(i);
            if (node instanceof Namespace) {
                declareIfNeeded((Namespace) node);
            }
        }
        attributes(element);
        if (size == 0) {
            out.writeByte('/').writeByte('>');
        } else {
            out.writeByte('>');
            for (int i = 0; i < size; i++) {
                node(element.node(i));
            }
            out.writeByte('<').writeByte('/');
            utf8(name);
            out.writeByte('>');
        }
        while (declared.size() > scope) {
            declared.remove(declared.size() - 1);
        }
    }

    private void node(Node node) {
        switch (node.getNodeType()) {
            case Node.ELEMENT_NODE:
                element((Element) node);
                break;
            case Node.TEXT_NODE:
                escaped(node.getText(), false);
                break;
            case Node.ENTITY_REFERENCE_NODE:
                utf8(node.getText());
                break;
            case Node.CDATA_SECTION_NODE:
                ascii("<![CDATA[");
                utf8(node.getText());
                ascii("]]>");
                break;
            case Node.COMMENT_NODE:
                ascii("<!--");
                utf8(node.getText());
                ascii("-->");
                break;
            case Node.PROCESSING_INSTRUCTION_NODE:
                ascii("<?");
                utf8(node.getName());
                out.writeByte(' ');
                utf8(node.getText());
                ascii("?>");
                break;
            default:
                // Namespace nodes are written with the element's attributes.
                break;
        }
    }

    /** dom4j's rule: declare unless the innermost declaration of the prefix names the same namespace. */
    private void declareIfNeeded(Namespace namespace) {
        if (namespace == null || namespace == Namespace.XML_NAMESPACE || namespace.getURI() == null) {
            return;
        }
        Namespace current = innermost(namespace.getPrefix());
        if (current == null || (current != namespace && !namespace.getURI().equals(current.getURI()))) {
            declare(namespace);
        }
    }

    private Namespace innermost(String prefix) {
        String wanted = prefix == null ? "" : prefix;
        for (int i = declared.size() - 1; i >= 0; i--) {
            if (wanted.equals(declared.get(i).getPrefix())) {
                return declared.get(i);
            }
        }
        return null;
    }

    private void declare(Namespace namespace) {
        declared.add(namespace);
        String prefix = namespace.getPrefix();
        if (prefix == null || prefix.isEmpty()) {
            ascii(" xmlns=\"");
        } else {
            ascii(" xmlns:");
            utf8(prefix);
            out.writeByte('=').writeByte('"');
        }
        escaped(namespace.getURI(), true);
        out.writeByte('"');
    }

    private void attributes(Element element) {
        for (int i = 0, count = element.attributeCount(); i < count; i++) {
            Attribute attribute = element.attribute(i);
            Namespace namespace = attribute.getNamespace();
            if (namespace != null && namespace != Namespace.NO_NAMESPACE && namespace != Namespace.XML_NAMESPACE) {
                Namespace current = innermost(namespace.getPrefix());
                if (current == null || !namespace.getURI().equals(current.getURI())) {
                    declare(namespace);
                }
            }
            String name = attribute.getName();
            if (name.startsWith("xmlns:")) {
                // A declaration kept as an attribute: written once, as dom4j does.
                String prefix = name.substring(6);
                if (innermost(prefix) == null) {
                    declare(Namespace.get(prefix, attribute.getValue()));
                }
            } else if (!name.equals("xmlns")) {
                out.writeByte(' ');
                utf8(attribute.getQualifiedName());
                out.writeByte('=').writeByte('"');
                escaped(attribute.getValue(), true);
                out.writeByte('"');
            }
        }
    }

    /**
     * Text or an attribute value, with '<', '>', '&' (and '"' in attributes) as entities and control characters
     * other than tab, line feed and carriage return as character references, as dom4j writes them.
     */
    private void escaped(String text, boolean attribute) {
        if (text == null) {
            return;
        }
        int plain = 0;
        for (int i = 0, length = text.length(); i < length; i++) {
            char c = text.charAt(i);
            String entity;
            if (c == '<') {
                entity = "&lt;";
            } else if (c == '>') {
                entity = "&gt;";
            } else if (c == '&') {
                entity = "&amp;";
            } else if (c == '"' && attribute) {
                entity = "&quot;";
            } else if (c < 32 && c != '\t' && c != '\n' && c != '\r') {
                entity = "&#" + (int) c + ";";
            } else {
                continue;
            }
            ByteBufUtil.writeUtf8(out, text, plain, i);
            ascii(entity);
            plain = i + 1;
        }
        ByteBufUtil.writeUtf8(out, text, plain, text.length());
    }

    private void utf8(String text) {
        if (text != null) {
            ByteBufUtil.writeUtf8(out, text);
        }
    }

    private void ascii(String text) {
        out.writeCharSequence(text, StandardCharsets.US_ASCII);
    }
}
