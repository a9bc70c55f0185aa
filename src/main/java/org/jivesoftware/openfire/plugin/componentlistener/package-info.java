/**
 * The plugin class: builds every long-lived part once when Openfire loads the plugin, hands each to what needs it,
 * and tears everything down in reverse order when it is unloaded. Where things live is described in each package's
 * own package-info and in the README's code map.
 */
package org.jivesoftware.openfire.plugin.componentlistener;
