package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import java.util.Map;
import java.util.function.Predicate;

import org.jivesoftware.util.PropertyEventDispatcher;
import org.jivesoftware.util.PropertyEventListener;

/** Calls back when one of the plugin's system properties is set or deleted, on this node or another. */
public final class PropertyWatcher implements PropertyEventListener {
    private final Predicate<String> relevant;
    private final Runnable onChange;

    public PropertyWatcher(Predicate<String> relevant, Runnable onChange) {
        this.relevant = relevant;
        this.onChange = onChange;
    }

    public void start() {
        PropertyEventDispatcher.addListener(this);
    }

    public void stop() {
        PropertyEventDispatcher.removeListener(this);
    }

    @Override
    public void propertySet(String property, Map<String, Object> params) {
        changed(property);
    }

    @Override
    public void propertyDeleted(String property, Map<String, Object> params) {
        changed(property);
    }

    @Override
    public void xmlPropertySet(String property, Map<String, Object> params) {
        // The plugin keeps nothing in openfire.xml.
    }

    @Override
    public void xmlPropertyDeleted(String property, Map<String, Object> params) {
        // The plugin keeps nothing in openfire.xml.
    }

    private void changed(String property) {
        if (relevant.test(property)) {
            onChange.run();
        }
    }
}
