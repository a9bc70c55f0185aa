package org.jivesoftware.openfire.plugin.componentlistener.port;

/**
 * What the plugin does when Openfire's External Components settings (allow/deny lists, secrets, permission policy)
 * change on this node. Openfire tells before it stores a change, so only a block is acted on at once.
 */
public interface ExternalComponentsChanges {
    /** The subdomain was blocked: its sessions go now. */
    void blocked(String subdomain);

    /** Something else changed: every session is checked again once the change is stored. */
    void changed();
}
