/**
 * Where a component's bytes enter and its stanzas leave. ListenerManager applies listener definitions and owns
 * the shared event loops; ListenerServer binds one listener's port; ComponentConnection is one connection's Netty
 * handler and its XEP-0114 state machine (header, handshake, registration, established, closing). Inbound stanzas
 * are checked by policy/ and routed through port/; outbound ones come from registry/'s route and are queued and
 * written here. A granted component's privileged requests go to privilege/.
 * Uses stream/, stanza/, policy/, config/, registry/, disco/, stats/, tls/, privilege/ and port/.
 */
package org.jivesoftware.openfire.plugin.componentlistener.listener;
