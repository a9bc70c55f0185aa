package org.jivesoftware.openfire.plugin.componentlistener.config;

/** Settings of the plugin as a whole (not of one listener), with their defaults. */
public final class PluginSettings {
    /** The setting's name in the admin form, as in MongooseIM. */
    public static final String USERS_CAN_SEE_HIDDEN_SERVICES_FIELD = "users_can_see_hidden_services";
    /** When true, users see hidden components in the server's service discovery too (MongooseIM's default). */
    public static final String USERS_CAN_SEE_HIDDEN_SERVICES =
        ListenerConfigs.PREFIX + USERS_CAN_SEE_HIDDEN_SERVICES_FIELD;
    public static final boolean USERS_CAN_SEE_HIDDEN_SERVICES_DEFAULT = false;

    private PluginSettings() {
    }

    public static boolean usersCanSeeHiddenServices(PropertyStore store) {
        String value = store.get(USERS_CAN_SEE_HIDDEN_SERVICES);
        return value == null ? USERS_CAN_SEE_HIDDEN_SERVICES_DEFAULT : Boolean.parseBoolean(value.trim());
    }
}
