/**
 * Imports another server's component listener configuration (a pasted mongooseim.toml, ejabberd.yml or
 * prosody.cfg.lua) into listener drafts and a report of what could not be carried over, and why. No servlet code:
 * the import page in admin/ shows and saves what this reads. Uses config/ and message/; TOML through tomlj, YAML
 * through SnakeYAML, and Lua through its own reader of literals, which never runs anything.
 */
package org.jivesoftware.openfire.plugin.componentlistener.importer;
