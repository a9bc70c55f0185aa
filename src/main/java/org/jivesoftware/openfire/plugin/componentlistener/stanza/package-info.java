/**
 * Stanzas as the plugin builds and writes them: error replies and bounces in one shape, and the encoder that
 * writes a stanza straight into a socket buffer. Plain Java over dom4j, Tinder and Netty buffers; uses none of
 * the plugin's other packages.
 */
package org.jivesoftware.openfire.plugin.componentlistener.stanza;
