/**
 * The one definition of every option (ListenerOption: name, type, default, range, help key), listener definitions
 * read from and written to the plugin's system properties (ListenerConfigs), shapers and plugin-wide settings.
 * Reads and writes through PropertyStore, never Openfire itself; uses policy/ to parse access rules.
 */
package org.jivesoftware.openfire.plugin.componentlistener.config;
