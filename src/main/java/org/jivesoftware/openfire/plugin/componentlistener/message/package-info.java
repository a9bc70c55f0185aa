/**
 * Texts the admin reads, as i18n keys with arguments ({@link
 * org.jivesoftware.openfire.plugin.componentlistener.message.Message}): built anywhere in the plugin, rendered by the
 * admin console's pages in the admin's language and in English in the log. Uses nothing of the plugin, so that every
 * package may use it.
 */
package org.jivesoftware.openfire.plugin.componentlistener.message;
