package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.util.Map;
import java.util.Optional;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;

/** Refuses a port that another listener of the plugin, or one of Openfire's own listeners, is defined on. */
final class PortCheck {
    private final ListenerConfigs configs;
    private final Map<Integer, String> openfirePorts;

    PortCheck(ListenerConfigs configs, Map<Integer, String> openfirePorts) {
        this.configs = configs;
        this.openfirePorts = openfirePorts;
    }

    /** Why the listener {@code id} may not use the port, or empty. */
    Optional<String> conflict(String id, String port) {
        for (String other : configs.listenerIds()) {
            if (!other.equals(id) && configs.values(other).get(ListenerOption.PORT).equals(port)) {
                return Optional.of("port " + port + " is already used by listener " + other);
            }
        }
        try {
            String openfireListener = openfirePorts.get(Integer.parseInt(port));
            return openfireListener == null ? Optional.empty()
                : Optional.of("port " + port + " is used by Openfire's " + openfireListener + " listener");
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
