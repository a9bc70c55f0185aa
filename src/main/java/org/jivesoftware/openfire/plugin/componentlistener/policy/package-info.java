/**
 * Pure checks over addresses, with no I/O: what a component may send (InboundStanzaCheck, check_from), who may
 * reach a component (AccessRule, the access option), and the per-connection cache of parsed addresses. Uses
 * stanza/ only; anything that needs Openfire's directory is asked through an interface the caller supplies.
 */
package org.jivesoftware.openfire.plugin.componentlistener.policy;
