/**
 * The interfaces Openfire sits behind (OpenfireServer, ClusterPort, ServerCertificates, OpenfireAdmin,
 * UserServices) and the
 * pool where calls to them that may block run. The rest of the plugin talks to Openfire only through these;
 * openfire/ implements them, and tests put an in-memory Openfire behind them.
 */
package org.jivesoftware.openfire.plugin.componentlistener.port;
