package org.jivesoftware.openfire.plugin.componentlistener.openfire;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.jivesoftware.openfire.SharedGroupException;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.auth.UnauthorizedException;
import org.jivesoftware.openfire.handler.IQHandler;
import org.jivesoftware.openfire.interceptor.InterceptorManager;
import org.jivesoftware.openfire.interceptor.PacketInterceptor;
import org.jivesoftware.openfire.plugin.componentlistener.port.UserServices;
import org.jivesoftware.openfire.roster.Roster;
import org.jivesoftware.openfire.roster.RosterEventDispatcher;
import org.jivesoftware.openfire.roster.RosterEventListener;
import org.jivesoftware.openfire.roster.RosterItem;
import org.jivesoftware.openfire.session.ClientSession;
import org.jivesoftware.openfire.session.Session;
import org.jivesoftware.openfire.user.PresenceEventDispatcher;
import org.jivesoftware.openfire.user.PresenceEventListener;
import org.jivesoftware.openfire.user.UserAlreadyExistsException;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.IQResultListener;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

/**
 * The local users as Openfire keeps them: rosters through its roster manager (which pushes every change to the
 * user's interested resources), carbons from its client sessions, user events from its roster and presence
 * dispatchers and an interceptor.
 *
 * <p>An IQ executed on a user's behalf: one the server handles itself (no {@code to}, the server's domain or the
 * user's bare JID) is given to the IQ handler of its namespace among Openfire's own modules (roster, private
 * storage, vCard, PEP and PEP owner...), whose answer is returned as it is made (none: {@code service-unavailable},
 * as Openfire answers a user; handlers that other plugins add to the IQ router are not reached). Handlers that
 * answer through the router instead (PEP) and every other addressee (a component such as HTTP upload, a remote
 * server) get the IQ through the IQ router; the answer, routed back to the user's bare JID, is caught by its id by an
 * IQ result listener before Openfire would try to deliver it. Interceptors and privacy lists are not applied: the
 * request comes from a component the administrator granted it to, not from one of the user's sessions.
 */
public final class OpenfireUsers implements UserServices, RosterEventListener, PresenceEventListener,
    PacketInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(OpenfireUsers.class);
    /** How long an IQ executed on a user's behalf may wait for its answer. */
    private static final long ANSWER_TIMEOUT_MILLIS = 30_000;

    private final List<UserListener> listeners = new CopyOnWriteArrayList<>();

    private static XMPPServer server() {
        return XMPPServer.getInstance();
    }

    private static Roster rosterOf(String username) throws UserNotFoundException {
        return server().getRosterManager().getRoster(username);
    }

    @Override
    public boolean isLocalUser(JID jid) {
        if (jid == null || jid.getNode() == null || !server().getServerInfo().getXMPPDomain().equals(jid.getDomain())) {
            return false;
        }
        try {
            server().getUserManager().getUser(jid.getNode());
            return true;
        } catch (UserNotFoundException e) {
            return false;
        }
    }

    @Override
    public org.xmpp.packet.Roster roster(String username) throws RosterRefusal {
        try {
            return rosterOf(username).getReset();
        } catch (UserNotFoundException e) {
            throw new RosterRefusal(PacketError.Condition.item_not_found, "no user " + username);
        }
    }

    @Override
    public void updateRoster(String username, org.xmpp.packet.Roster.Item item) throws RosterRefusal {
        try {
            Roster roster = rosterOf(username);
            if (item.getSubscription() == org.xmpp.packet.Roster.Subscription.remove) {
                if (roster.deleteRosterItem(item.getJID(), true) == null) {
                    throw new RosterRefusal(PacketError.Condition.item_not_found, "no item " + item.getJID());
                }
            } else {
                RosterItem changed = roster.isRosterItem(item.getJID()) ? roster.getRosterItem(item.getJID())
                    : roster.createRosterItem(item.getJID(), item.getName(), List.copyOf(item.getGroups()), false,
                        true);
                changed.setAsCopyOf(item);
                if (item.getSubscription() != null) {
                    changed.setSubStatus(RosterItem.getSubType(item));
                }
                // One push to the user's interested resources, with the item as it now is.
                roster.updateRosterItem(changed);
            }
        } catch (UserNotFoundException e) {
            throw new RosterRefusal(PacketError.Condition.item_not_found, e.getMessage());
        } catch (SharedGroupException e) {
            throw new RosterRefusal(PacketError.Condition.not_acceptable, "shared group: " + e.getMessage());
        } catch (UserAlreadyExistsException e) {
            throw new RosterRefusal(PacketError.Condition.conflict, e.getMessage());
        }
    }

    @Override
    public List<JID> carbonsEnabledResources(String username) {
        return server().getSessionManager().getSessions(username).stream()
            .filter(ClientSession::isMessageCarbonsEnabled).map(Session::getAddress).collect(Collectors.toList());
    }

    @Override
    public CompletableFuture<IQ> executeAsUser(IQ request) {
        CompletableFuture<IQ> answer = new CompletableFuture<>();
        server().getIQRouter().addIQResultListener(request.getID(), new IQResultListener() {
            @Override
            public void receivedAnswer(IQ packet) {
                answer.complete(packet);
            }

            @Override
            public void answerTimeout(String packetId) {
                answer.complete(error(request, PacketError.Condition.remote_server_timeout));
            }
        }, ANSWER_TIMEOUT_MILLIS);
        if (!handledByServer(request)) {
            server().getIQRouter().route(request);
            return answer;
        }
        Optional<IQHandler> handler = ownHandler(request);
        if (handler.isEmpty()) {
            // As Openfire answers a user's IQ in a namespace it has no handler for.
            answer.complete(error(request, PacketError.Condition.service_unavailable));
            return answer;
        }
        try {
            IQ reply = handler.get().handleIQ(request);
            if (reply != null) {
                answer.complete(reply);
            }
        } catch (UnauthorizedException e) {
            answer.complete(error(request, PacketError.Condition.not_authorized));
        } catch (RuntimeException e) {
            LOG.warn("Openfire failed an IQ executed on behalf of {}", request.getFrom(), e);
            answer.complete(error(request, PacketError.Condition.internal_server_error));
        }
        return answer;
    }

    private static boolean handledByServer(IQ request) {
        JID to = request.getTo();
        return to == null || (to.getResource() == null && (to.getNode() == null
            ? to.getDomain().equals(server().getServerInfo().getXMPPDomain()) : to.equals(request.getFrom())));
    }

    private static Optional<IQHandler> ownHandler(IQ request) {
        String namespace = request.getChildElement().getNamespaceURI();
        return server().getIQHandlers().stream()
            .filter(handler -> handler.getInfo() != null && namespace.equalsIgnoreCase(handler.getInfo().getNamespace()))
            .findFirst();
    }

    private static IQ error(IQ request, PacketError.Condition condition) {
        IQ error = IQ.createResultIQ(request);
        error.setChildElement(request.getChildElement().createCopy());
        error.setType(IQ.Type.error);
        error.setError(condition);
        return error;
    }

    // ---- user events ----------------------------------------------------------------------------------------------

    @Override
    public void addUserListener(UserListener listener) {
        if (listeners.isEmpty()) {
            RosterEventDispatcher.addListener(this);
            PresenceEventDispatcher.addListener(this);
            InterceptorManager.getInstance().addInterceptor(this);
        }
        listeners.add(listener);
    }

    @Override
    public void removeUserListener(UserListener listener) {
        listeners.remove(listener);
        if (listeners.isEmpty()) {
            InterceptorManager.getInstance().removeInterceptor(this);
            PresenceEventDispatcher.removeListener(this);
            RosterEventDispatcher.removeListener(this);
        }
    }

    private void pushed(Roster roster, JID contact, boolean deleted) {
        org.xmpp.packet.Roster.Item pushed = deleted ? removal(contact) : roster.getReset().getItems().stream()
            .filter(item -> item.getJID().equals(contact)).findFirst().orElse(removal(contact));
        for (UserListener listener : listeners) {
            listener.rosterChanged(roster.getUsername(), pushed);
        }
    }

    private static org.xmpp.packet.Roster.Item removal(JID contact) {
        org.xmpp.packet.Roster holder = new org.xmpp.packet.Roster();
        return holder.addItem(contact, null, null, org.xmpp.packet.Roster.Subscription.remove, null);
    }

    @Override
    public void rosterLoaded(Roster roster) {
        // Loading is no change.
    }

    @Override
    public boolean addingContact(Roster roster, RosterItem item, boolean persistent) {
        return persistent;
    }

    @Override
    public void contactAdded(Roster roster, RosterItem item) {
        pushed(roster, item.getJid(), false);
    }

    @Override
    public void contactUpdated(Roster roster, RosterItem item) {
        pushed(roster, item.getJid(), false);
    }

    @Override
    public void contactDeleted(Roster roster, RosterItem item) {
        pushed(roster, item.getJid(), true);
    }

    @Override
    public void availableSession(ClientSession session, Presence presence) {
        userPresence(presence);
    }

    @Override
    public void unavailableSession(ClientSession session, Presence presence) {
        userPresence(presence);
    }

    @Override
    public void presenceChanged(ClientSession session, Presence presence) {
        // XEP-0356 sends the initial and the unavailable presence only.
    }

    @Override
    public void subscribedToPresence(JID subscriber, JID authorizer) {
        // Subscriptions reach the component as roster pushes.
    }

    @Override
    public void unsubscribedToPresence(JID unsubscriber, JID recipient) {
        // Subscriptions reach the component as roster pushes.
    }

    private void userPresence(Presence presence) {
        for (UserListener listener : listeners) {
            listener.userPresence(presence);
        }
    }

    /** Contacts' presences as Openfire delivers them to a local user's session: available and unavailable only. */
    @Override
    public void interceptPacket(Packet packet, Session session, boolean incoming, boolean processed) {
        if (incoming || processed || !(packet instanceof Presence) || !(session instanceof ClientSession)) {
            return;
        }
        Presence presence = (Presence) packet;
        if (presence.getType() != null && presence.getType() != Presence.Type.unavailable) {
            return;
        }
        JID user = session.getAddress();
        if (presence.getFrom() == null || presence.getFrom().asBareJID().equals(user.asBareJID())) {
            return;
        }
        for (UserListener listener : listeners) {
            listener.contactPresence(user.getNode(), presence);
        }
    }
}
