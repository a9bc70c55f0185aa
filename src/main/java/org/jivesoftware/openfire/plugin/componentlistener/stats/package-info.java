/**
 * The plugin's counters (connections, handshakes, stanzas, bytes, bounces), summed over all listeners: a striped
 * add, cheap enough for the stanza path. Published as Openfire statistics by openfire/ and shown on the listeners
 * page. Plain Java.
 */
package org.jivesoftware.openfire.plugin.componentlistener.stats;
