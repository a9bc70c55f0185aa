package org.jivesoftware.openfire.plugin.componentlistener.support;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;

import org.jivesoftware.openfire.plugin.componentlistener.config.PropertyStore;

/** Openfire's system properties, in a map. */
public final class MapPropertyStore implements PropertyStore {
    private final Map<String, String> properties = new ConcurrentHashMap<>();

    @Override
    public String get(String name) {
        return properties.get(name);
    }

    @Override
    public void set(String name, String value) {
        properties.put(name, value);
    }

    @Override
    public void delete(String name) {
        properties.remove(name);
    }

    @Override
    public List<String> names(String prefix) {
        return properties.keySet().stream().filter(name -> name.startsWith(prefix)).sorted()
            .collect(Collectors.toList());
    }
}
