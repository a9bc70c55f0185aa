package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import org.jivesoftware.openfire.component.ExternalComponentConfiguration;
import org.jivesoftware.openfire.component.ExternalComponentManager;
import org.jivesoftware.openfire.component.ExternalComponentManagerListener;
import org.jivesoftware.openfire.plugin.componentlistener.port.ExternalComponentsChanges;

/**
 * Follows Openfire's External Components settings (allow/deny lists, secrets, permission policy). Openfire tells
 * its listeners before it stores a change, so only a block is acted on at once; every other change is re-checked
 * a moment later, once stored.
 */
public final class ExternalComponentsWatcher implements ExternalComponentManagerListener {

    private final ExternalComponentsChanges reaction;

    public ExternalComponentsWatcher(ExternalComponentsChanges reaction) {
        this.reaction = reaction;
    }

    public void start() {
        ExternalComponentManager.addListener(this);
    }

    public void stop() {
        ExternalComponentManager.removeListener(this);
    }

    @Override
    public void serviceEnabled(boolean enabled) {
        // Openfire's own component port; not fired since Openfire 4.9.
    }

    @Override
    public void portChanged(int port) {
        // Openfire's own component port; not fired since Openfire 4.9.
    }

    @Override
    public void defaultSecretChanged(String newSecret) {
        reaction.changed();
    }

    @Override
    public void permissionPolicyChanged(ExternalComponentManager.PermissionPolicy policy) {
        reaction.changed();
    }

    @Override
    public void componentAllowed(String subdomain, ExternalComponentConfiguration configuration) {
        reaction.changed();
    }

    @Override
    public void componentBlocked(String subdomain) {
        reaction.blocked(subdomain);
    }

    @Override
    public void componentSecretUpdated(String subdomain, String newSecret) {
        reaction.changed();
    }

    @Override
    public void componentConfigurationDeleted(String subdomain) {
        reaction.changed();
    }
}
