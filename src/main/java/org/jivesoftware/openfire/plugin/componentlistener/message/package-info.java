/**
 * What the plugin tells an admin: a message is an i18n key of the plugin's one bundle with its arguments, rendered
 * by the admin pages in the admin's language and in English in the log. Every package may use it; it uses none of
 * the plugin's other packages.
 */
package org.jivesoftware.openfire.plugin.componentlistener.message;
