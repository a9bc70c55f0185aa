package org.jivesoftware.openfire.plugin.componentlistener.config;

import java.util.List;

/** Where settings live: Openfire's system properties in production, a map in tests. */
public interface PropertyStore {

    /** The value, or null when the property is not set. */
    String get(String name);

    void set(String name, String value);

    void delete(String name);

    /** The names of the properties that are set and start with the prefix. */
    List<String> names(String prefix);
}
