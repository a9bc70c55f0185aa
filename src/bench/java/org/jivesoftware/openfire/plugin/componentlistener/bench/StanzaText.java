package org.jivesoftware.openfire.plugin.componentlistener.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the few things the benchmark needs out of an element's text, without parsing it as XML. */
final class StanzaText {
    /** Compiled once per attribute name: the IQ round trips read three attributes of every stanza. */
    private static final Map<String, Pattern> ATTRIBUTES = new ConcurrentHashMap<>();

    private StanzaText() {
    }

    /** The value of an attribute of the element's start tag (either quote), or null. */
    static String attribute(String element, String name) {
        Pattern pattern = ATTRIBUTES.computeIfAbsent(name,
            key -> Pattern.compile("\\s" + Pattern.quote(key) + "=(['\"])(.*?)\\1"));
        Matcher matcher = pattern.matcher(startTag(element));
        return matcher.find() ? matcher.group(2) : null;
    }

    /** The text of the first child element with this name, or null. */
    static String text(String element, String childName) {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(childName) + "(\\s[^>]*)?>([^<]*)</").matcher(element);
        return matcher.find() ? matcher.group(2) : null;
    }

    /** A stanza of type error, a SASL failure or a stream error. */
    static boolean isError(String element) {
        return "error".equals(attribute(element, "type")) || element.startsWith("<failure")
            || element.startsWith("<stream:error");
    }

    private static String startTag(String element) {
        int end = element.indexOf('>');
        return end < 0 ? element : element.substring(0, end);
    }
}
