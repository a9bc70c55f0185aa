/**
 * This node's part in an Openfire cluster: the commands nodes send each other, their typed answers and their
 * encoding on the wire (kept readable by nodes of older versions), the remote release of a domain for registry/,
 * and the events of nodes joining and leaving. Uses port/, registry/ and listener/.
 */
package org.jivesoftware.openfire.plugin.componentlistener.cluster;
