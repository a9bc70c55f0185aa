/**
 * Stream decoding: the bytes of one XEP-0114 stream become its header, complete top-level elements (dom4j) and
 * its end, with every limit a hostile peer meets first (element size counted on the wire, nesting depth, distinct
 * names, strict UTF-8, no DTD or entities). Non-blocking and plain Java: uses dom4j, the async XML parser and
 * Tinder's stream errors, none of the plugin's other packages.
 */
package org.jivesoftware.openfire.plugin.componentlistener.stream;
