package org.jivesoftware.openfire.plugin.componentlistener.port;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;
import org.xmpp.packet.Roster;

/**
 * What a privileged component (XEP-0356) may do with the server's local users, on their behalf: their rosters,
 * their carbons-enabled resources, IQs executed as theirs; and the user events it may be told of.
 */
public interface UserServices {

    /** True for the bare JID of a registered user of this server. */
    boolean isLocalUser(JID jid);

    /** The user's roster, as the result of a roster get (items only, no version). */
    Roster roster(String username) throws RosterRefusal;

    /**
     * Adds, changes or (with subscription {@code remove}) removes one item of the user's roster; the server pushes
     * the change to the user's interested resources. Unlike the user's own roster set, a subscription given
     * ({@code none}, {@code to}, {@code from}, {@code both}) is set: a gateway's legacy contacts are mutual.
     */
    void updateRoster(String username, Roster.Item item) throws RosterRefusal;

    /** The full JIDs of the user's resources that enabled XEP-0280 carbons. */
    List<JID> carbonsEnabledResources(String username);

    /**
     * Executes an IQ as if the user whose bare JID is its {@code from} had sent it; completes with the answer
     * (a result or an error), or with an error IQ {@code remote-server-timeout} when none comes in time.
     */
    CompletableFuture<IQ> executeAsUser(IQ request);

    /** Starts telling the listener of the users' roster changes and presences; once. */
    void addUserListener(UserListener listener);

    void removeUserListener(UserListener listener);

    /** Events about local users. Called on the server's threads: must not block. */
    interface UserListener {
        /** A roster push: the user's roster changed; the item as the user's resources get it. */
        void rosterChanged(String username, Roster.Item item);

        /** A local user's available or unavailable presence (from one resource), as the server broadcasts it. */
        void userPresence(Presence presence);

        /** A contact's presence, as the server delivers it to the local user it is addressed to. */
        void contactPresence(String username, Presence presence);
    }

    /** The server refused a roster change or read; the condition is what the user's client would have got. */
    final class RosterRefusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final org.xmpp.packet.PacketError.Condition condition;

        public RosterRefusal(org.xmpp.packet.PacketError.Condition condition, String reason) {
            super(reason);
            this.condition = condition;
        }

        public org.xmpp.packet.PacketError.Condition condition() {
            return condition;
        }
    }
}
