/**
 * Imports another server's component listener configuration (a pasted mongooseim.toml) into listener drafts and a
 * report of what could not be carried over, and why. No servlet code: the import page in admin/ shows and saves
 * what this reads. Uses config/.
 */
package org.jivesoftware.openfire.plugin.componentlistener.importer;
