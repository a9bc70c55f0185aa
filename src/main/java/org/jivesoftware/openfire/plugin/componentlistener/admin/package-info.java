/**
 * The admin console: one page model per page (listeners, listener form, sessions, settings, import) behind thin
 * JSPs, and the console plumbing they share (requests, CSRF, notices, audit log). Parsing, validation and saving
 * live here and in config/; pages change only system properties, so a change reaches every cluster node the same
 * way. Uses config/, importer/, listener/, cluster/ and port/.
 */
package org.jivesoftware.openfire.plugin.componentlistener.admin;
