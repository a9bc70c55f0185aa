package org.jivesoftware.openfire.plugin.componentlistener.admin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerConfigs;
import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * Whether an imported section can be created with a given id and port, and what would fix it: the ids and ports of
 * the plugin's listeners, Openfire's own ports, ports another program holds, and those earlier sections of the same
 * import have claimed.
 */
final class ImportChecks {
    private static final int HIGHEST_PORT = 65535;
    /** How far past the section's port a free one is looked for; past that the admin types one. */
    private static final int PORTS_TRIED = 1000;

    private final ListenerConfigs configs;
    private final Map<Integer, String> openfirePorts;
    private final Map<String, Integer> components;
    private final Set<String> claimedIds = new HashSet<>();
    private final Set<String> claimedPorts = new HashSet<>();
    private final Set<String> sectionPorts;

    /** @param sectionPorts the ports of every section of the import, which a proposed port must not be either */
    ImportChecks(AdminConsole console, Set<String> sectionPorts) {
        this.sectionPorts = Set.copyOf(sectionPorts);
        configs = console.configs();
        openfirePorts = console.openfire().openfirePorts();
        components = ListenerChanges.componentsByListener(console);
    }

    /**
     * Why the section cannot be created with this id on this port, empty when it can.
     *
     * @param replacing the plugin listener the section replaces (its id and port then count as free), or null
     */
    List<Message> problems(String id, String port, String address, String replacing) {
        List<Message> problems = new ArrayList<>();
        ListenerConfigs.checkId(id).ifPresent(problems::add);
        ListenerOption.PORT.validate(port).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            return problems;
        }
        if (claimedIds.contains(id)) {
            problems.add(Message.of("import.problem.sameid", id));
        } else if (!id.equals(replacing)) {
            configs.checkNewId(id).ifPresent(problems::add);
        }
        portProblem(port, address, replacing).ifPresent(problems::add);
        return problems;
    }

    private Optional<Message> portProblem(String port, String address, String replacing) {
        if (claimedPorts.contains(port)) {
            return Optional.of(Message.of("import.problem.sameport", port));
        }
        Optional<String> holder = listenerOnPort(port);
        if (holder.isPresent()) {
            return holder.get().equals(replacing) ? Optional.empty()
                : Optional.of(Message.of("error.port.listener", port, holder.get()));
        }
        String openfireListener = openfirePorts.get(Integer.parseInt(port));
        if (openfireListener != null) {
            return Optional.of(Message.of("error.port.openfire", port, openfireListener));
        }
        return canBind(address, Integer.parseInt(port)) ? Optional.empty()
            : Optional.of(Message.of("import.problem.inuse", port, address));
    }

    /** The id and port are taken by this section, so that later sections of the import see them as used. */
    void claim(String id, String port) {
        claimedIds.add(id);
        claimedPorts.add(port);
    }

    /** The plugin's listener defined on the port, if any. */
    Optional<String> listenerOnPort(String port) {
        for (String id : configs.listenerIds()) {
            if (configs.values(id).get(ListenerOption.PORT).equals(port)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** How many components are connected to the plugin's listener, on every node. */
    int componentsOf(String listenerId) {
        return components.getOrDefault(listenerId, 0);
    }

    /** The id, or the first {@code id-N} that no listener and no earlier section has. */
    String freeId(String wanted) {
        String id = wanted;
        for (int n = 2; claimedIds.contains(id) || configs.listenerIds().contains(id); n++) {
            id = wanted + "-" + n;
        }
        return id;
    }

    /**
     * The next port after this one that no listener of the plugin, no Openfire listener, no section of the import
     * and no other program uses on that address; empty when none is found nearby.
     */
    Optional<String> nextFreePort(String port, String address) {
        int from = ListenerOption.PORT.validate(port).isPresent() ? Integer.parseInt(ListenerOption.PORT.defaultValue())
            : Integer.parseInt(port);
        for (int candidate = from + 1; candidate <= Math.min(HIGHEST_PORT, from + PORTS_TRIED); candidate++) {
            String text = String.valueOf(candidate);
            if (!sectionPorts.contains(text) && portProblem(text, address, null).isEmpty()) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    private static boolean canBind(String address, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
