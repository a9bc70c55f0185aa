package org.jivesoftware.openfire.plugin.componentlistener.config;

/** Where settings live: Openfire's system properties in production, a map in tests. */
public interface PropertyStore {

    /** The value, or null when the property is not set. */
    String get(String name);

    void set(String name, String value);

    void delete(String name);
}
