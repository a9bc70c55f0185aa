package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.openfire.component.ExternalComponentConfiguration;
import org.jivesoftware.openfire.component.ExternalComponentManager;
import org.jivesoftware.openfire.plugin.componentlistener.port.ExternalComponentsChanges;
import org.junit.jupiter.api.Test;

/** Which of Openfire's External Components events lead to what. */
class ExternalComponentsWatcherTest {
    private final List<String> reactions = new ArrayList<>();
    private final ExternalComponentsWatcher watcher = new ExternalComponentsWatcher(
        new ExternalComponentsChanges() {
            @Override
            public void blocked(String subdomain) {
                reactions.add("blocked " + subdomain);
            }

            @Override
            public void changed() {
                reactions.add("changed");
            }
        });

    @Test
    void aBlockActsAtOnceEverythingElseIsCheckedAgain() throws Exception {
        watcher.componentBlocked("gw");
        watcher.componentSecretUpdated("gw", "new");
        watcher.componentAllowed("gw", new ExternalComponentConfiguration("gw", false,
            ExternalComponentConfiguration.Permission.allowed, "s"));
        watcher.componentConfigurationDeleted("gw");
        watcher.defaultSecretChanged("d");
        watcher.permissionPolicyChanged(ExternalComponentManager.PermissionPolicy.whitelist);
        watcher.serviceEnabled(false);
        watcher.portChanged(5275);
        assertEquals(List.of("blocked gw", "changed", "changed", "changed", "changed", "changed"), reactions);
    }
}
