package org.jivesoftware.openfire.plugin.componentlistener.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import org.dom4j.io.OutputFormat;
import org.dom4j.io.XMLWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xmpp.packet.Message;

/**
 * The encoder writes exactly what dom4j's XMLWriter writes (the way stanzas were written to components before, and
 * the way Openfire writes them), namespace names escaped, for every kind of node a stanza can hold.
 */
class StanzaEncoderTest {

    static Stream<Element> elements() throws Exception {
        Element built = new Message().getElement();
        built.addAttribute("to", "a\"b<c>&d'e\tf\ng\u0001h");
        built.addElement("body").setText("text <with> & \"quotes\" 'and' \u0002 control, caf\u00e9, \ud83d\ude00, \r\n");
        built.addElement(QName.get("x", "urn:x")).addElement("child").addElement(QName.get("y", "")).setText("none");
        built.addElement(QName.get("z", Namespace.get("p", "urn:p"))).addAttribute(
            QName.get("attr", Namespace.get("q", "urn:q")), "v");
        built.addElement(QName.get("w", "urn:w\"<&>")).addCDATA("raw <cdata> & ]]");
        built.addComment("a comment");
        built.addProcessingInstruction("target", "data");
        built.addEntity("ent", "&amp;");
        built.addElement("empty");
        Element declared = built.addElement("declared");
        declared.add(Namespace.get("extra", "urn:extra"));
        declared.addAttribute("xmlns:kept", "urn:kept");
        declared.addElement(QName.get("same", "urn:x"));
        Element nested = DocumentHelper.parseText("<iq xmlns='jabber:client' type='result' id='1'><query"
            + " xmlns='http://jabber.org/protocol/disco#items'><item jid='a'/><item jid='b' name='&lt;B&gt;'/></query>"
            + "<a:x xmlns:a='urn:a'><a:y/><z xmlns='urn:a'/><q xmlns=''/></a:x><\u00e9l\u00e9ment/></iq>")
            .getRootElement();
        return Stream.of(built, nested, DocumentHelper.createElement("presence"));
    }

    @ParameterizedTest
    @MethodSource("elements")
    void writesWhatDom4jWritesWithNamespaceNamesEscaped(Element element) throws IOException {
        ByteBuf bytes = Stanzas.encode(element, UnpooledByteBufAllocator.DEFAULT);
        try {
            assertEquals(dom4j(element), bytes.toString(StandardCharsets.UTF_8));
        } finally {
            bytes.release();
        }
    }

    /** dom4j's XMLWriter, default format, with the one change: namespace names escaped like attribute values. */
    private static String dom4j(Element element) throws IOException {
        StringWriter xml = new StringWriter();
        XMLWriter writer = new XMLWriter(xml, new OutputFormat()) {
            @Override
            protected void writeNamespace(String prefix, String uri) throws IOException {
                super.writeNamespace(prefix, escapeAttributeEntities(uri));
            }
        };
        writer.write(element);
        writer.flush();
        return xml.toString();
    }
}
