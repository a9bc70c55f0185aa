package org.jivesoftware.openfire.plugin.componentlistener.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * Reads and writes listener definitions in properties:
 * {@code plugin.componentlistener.listeners} lists the listener ids (comma-separated) and
 * {@code plugin.componentlistener.listener.<id>.<option>} holds each option; an absent option has its default.
 */
public final class ListenerConfigs {
    public static final String PREFIX = "plugin.componentlistener.";
    public static final String LISTENERS = PREFIX + "listeners";
    public static final String DEFAULT_LISTENER_ID = "default";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final PropertyStore store;

    public ListenerConfigs(PropertyStore store) {
        this.store = store;
    }

    /** The property that holds one option of one listener. */
    public static String propertyName(String listenerId, ListenerOption option) {
        return PREFIX + "listener." + listenerId + "." + option.key();
    }

    /** True for every property this class reads, so that a change of any of them can be picked up. */
    public static boolean isListenerProperty(String name) {
        return name != null && name.startsWith(PREFIX);
    }

    /** On first install no listener list exists: define the default listener so that admins see it. */
    public void defineDefaultListenerIfNone() {
        if (store.get(LISTENERS) == null) {
            store.set(LISTENERS, DEFAULT_LISTENER_ID);
            store.set(propertyName(DEFAULT_LISTENER_ID, ListenerOption.PORT), ListenerOption.PORT.defaultValue());
            store.set(propertyName(DEFAULT_LISTENER_ID, ListenerOption.IP_ADDRESS),
                ListenerOption.IP_ADDRESS.defaultValue());
        }
    }

    /** The configured listener ids, in order, without duplicates. */
    public Set<String> listenerIds() {
        Set<String> ids = new LinkedHashSet<>();
        String list = store.get(LISTENERS);
        if (list != null) {
            for (String id : list.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.trim());
                }
            }
        }
        return ids;
    }

    /** Reads and validates every configured listener. Two enabled listeners on one port: the later one is refused. */
    public List<ListenerConfigResult> readAll() {
        List<ListenerConfigResult> results = new ArrayList<>();
        Map<Integer, String> ports = new HashMap<>();
        for (String id : listenerIds()) {
            ListenerConfigResult result = read(id);
            if (result.config().isPresent() && result.config().get().enabled()) {
                int port = result.config().get().port();
                String first = ports.putIfAbsent(port, id);
                if (first != null) {
                    result = ListenerConfigResult.invalid(id, List.of(portUsedBy(String.valueOf(port), first)));
                }
            }
            results.add(result);
        }
        return results;
    }

    /**
     * Why the listener {@code id} may not be defined on the port: another listener is defined on it, or one of
     * Openfire's own listeners ({@code openfirePorts}: port to the name of Openfire's listener). Empty when it may.
     */
    public Optional<Message> portConflict(String id, String port, Map<Integer, String> openfirePorts) {
        for (String other : listenerIds()) {
            if (!other.equals(id) && values(other).get(ListenerOption.PORT).equals(port)) {
                return Optional.of(portUsedBy(port, other));
            }
        }
        try {
            String openfireListener = openfirePorts.get(Integer.parseInt(port));
            return openfireListener == null ? Optional.empty()
                : Optional.of(Message.of("error.port.openfire", port, openfireListener));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Message portUsedBy(String port, String otherListener) {
        return Message.of("error.port.listener", port, otherListener);
    }

    /** Why the text cannot be a listener id, or empty when it can. */
    public static Optional<Message> checkId(String id) {
        return id != null && ID.matcher(id).matches() ? Optional.empty()
            : Optional.of(Message.of("error.listener.id", id));
    }

    /** Why a new listener cannot have this id (it is not an id, or a listener has it already), or empty. */
    public Optional<Message> checkNewId(String id) {
        Optional<Message> badId = checkId(id);
        if (badId.isPresent() || !listenerIds().contains(id)) {
            return badId;
        }
        return Optional.of(Message.of("error.listener.exists", id));
    }

    /** Every option's value as stored (trimmed, but a password as it is), or its default when not set. */
    public Map<ListenerOption, String> values(String id) {
        Map<ListenerOption, String> values = new EnumMap<>(ListenerOption.class);
        for (ListenerOption option : ListenerOption.values()) {
            String raw = store.get(propertyName(id, option));
            // Passwords are taken as they are: spaces may be part of a secret.
            String value = raw == null ? option.defaultValue()
                : option == ListenerOption.PASSWORD ? raw : raw.trim();
            values.put(option, option.kind() == ListenerOption.Kind.BOOLEAN ? value.toLowerCase(Locale.ROOT) : value);
        }
        return values;
    }

    /** Reads and validates one listener; every bad option is reported, not just the first. */
    public ListenerConfigResult read(String id) {
        Optional<Message> badId = checkId(id);
        if (badId.isPresent()) {
            return ListenerConfigResult.invalid(id, List.of(badId.get()));
        }
        Map<ListenerOption, String> values = values(id);
        List<Message> errors = new ArrayList<>();
        values.forEach((option, value) -> option.validate(value).ifPresent(errors::add));
        errors.addAll(ListenerOption.validateTogether(values).values());
        Shapers shapers = Shapers.read(store);
        String shaper = values.get(ListenerOption.SHAPER);
        shapers.checkKnown(shaper).ifPresent(errors::add);
        if (!errors.isEmpty()) {
            return ListenerConfigResult.invalid(id, errors);
        }
        return ListenerConfigResult.valid(new ListenerConfig(id, values, shapers.rate(shaper)));
    }

    /**
     * Stores the given options of a listener, adding it to the list if it is new. A value equal to the default is
     * stored as no property, so that the properties show only what the admin changed. Values are not checked here:
     * callers validate with {@link ListenerOption#validate} first.
     */
    public void save(String id, Map<ListenerOption, String> values) {
        values.forEach((option, value) -> {
            if (value.equals(option.defaultValue())) {
                store.delete(propertyName(id, option));
            } else {
                store.set(propertyName(id, option), value);
            }
        });
        Set<String> ids = listenerIds();
        if (ids.add(id)) {
            store.set(LISTENERS, String.join(",", ids));
        }
    }

    /** Removes a listener and every property of it. */
    public void remove(String id) {
        Set<String> ids = listenerIds();
        if (ids.remove(id)) {
            store.set(LISTENERS, String.join(",", ids));
        }
        for (ListenerOption option : ListenerOption.values()) {
            store.delete(propertyName(id, option));
        }
    }
}
