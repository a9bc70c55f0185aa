package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import org.jivesoftware.openfire.plugin.componentlistener.config.PropertyStore;
import org.jivesoftware.util.JiveGlobals;

/** Settings kept in Openfire's system properties: in its database, shared by the cluster, editable by admins. */
public final class OpenfireProperties implements PropertyStore {

    @Override
    public String get(String name) {
        return JiveGlobals.getProperty(name);
    }

    @Override
    public void set(String name, String value) {
        JiveGlobals.setProperty(name, value);
    }

    @Override
    public void delete(String name) {
        JiveGlobals.deleteProperty(name);
    }
}
