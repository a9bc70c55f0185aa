/**
 * Which domain is held by which connection of this plugin, across all listeners and cluster nodes: registration
 * with Openfire, conflicts (disconnect, kick_old), fleets (share, allowMultiple: several connections of one domain
 * and their balancing), the route that stays registered while the connection behind it
 * changes, and the hold that keeps stanzas during reconnect_grace. Uses port/, disco/, stanza/ and stats/; asks
 * other nodes to give up a domain through an interface that cluster/ implements.
 */
package org.jivesoftware.openfire.plugin.componentlistener.registry;
