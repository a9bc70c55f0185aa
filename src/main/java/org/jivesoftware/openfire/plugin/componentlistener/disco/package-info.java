/**
 * Service discovery for hidden components: the cluster-wide flags of which domains are hidden, the filter that
 * keeps a hidden component out of Openfire's disco#items, and the one that adds it back for those allowed to see
 * it. Uses port/ only.
 */
package org.jivesoftware.openfire.plugin.componentlistener.disco;
