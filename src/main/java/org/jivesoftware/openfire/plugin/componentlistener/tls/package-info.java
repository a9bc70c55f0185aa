/**
 * Direct TLS on a listener: the SslHandler set-up, the certificate sources (Openfire's identity store or PEM
 * files) and their reload, and the guard that explains a TLS client on a plaintext listener. Uses config/ and
 * port/.
 */
package org.jivesoftware.openfire.plugin.componentlistener.tls;
