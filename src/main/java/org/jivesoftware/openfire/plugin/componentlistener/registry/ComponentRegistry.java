package org.jivesoftware.openfire.plugin.componentlistener.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;

import io.netty.util.concurrent.DefaultThreadFactory;
import org.jivesoftware.openfire.plugin.componentlistener.disco.HiddenFlags;
import org.jivesoftware.openfire.plugin.componentlistener.port.ClusterPort;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireCalls;
import org.jivesoftware.openfire.plugin.componentlistener.port.OpenfireServer;
import org.jivesoftware.openfire.plugin.componentlistener.stats.ListenerCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.ComponentException;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * Which domain is held by which session of this plugin, across all its listeners. The only place that registers
 * components with Openfire and unregisters them; it decides conflicts ({@code disconnect} / {@code kick_old}) and
 * who joins a fleet ({@code share}, {@code allowMultiple}; see {@link Fleet}), asks another node that holds a domain
 * to give it up ({@link RemoteRelease}), and keeps a departed component's domain during {@code reconnect_grace}.
 */
public final class ComponentRegistry {
    public static final String REPLACED = "Replaced by new connection";
    private static final Logger LOG = LoggerFactory.getLogger(ComponentRegistry.class);
    private static final long KICK_WAIT_MILLIS = Waits.KICK_WAIT_MILLIS;
    /** How long a newcomer waits for a holder whose connection may just have dropped, before conflict. */
    private static final long SETTLE_MILLIS = 100;
    private static final int MAX_ATTEMPTS = 2;
    /**
     * Openfire tells about a change of its External Components settings before storing it: sessions are checked
     * against them this long after the news.
     */
    public static final long REVALIDATE_DELAY_MILLIS = 500;
    /** The longest a registration may wait for another node's registration of the same domain to finish. */
    private static final long CLUSTER_LOCK_WAIT_MILLIS = 4 * KICK_WAIT_MILLIS;

    private final OpenfireServer server;
    private final ClusterPort cluster;
    private final RemoteRelease otherNodes;
    private final HiddenFlags hiddenFlags;
    private final Map<String, Route> routes = new HashMap<>();
    /** Registrations wait for kicked sessions and expire holds here: never on an event loop. */
    private final ScheduledExecutorService worker =
        Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("componentlistener-registry", true));
    /** Removing a route may wait for Openfire's cluster: off the event loops and off the worker, which waits for it. */
    private final OpenfireCalls openfireCalls;
    /** Domains whose route is being removed from Openfire; a newcomer for one waits until it is gone. */
    private final Map<String, CompletableFuture<Void>> leaving = new HashMap<>();
    private final Consumer<IQ> iqFilter;
    private final ListenerCounters counters;
    private boolean closing;

    /**
     * @param otherNodes asked to give up a domain that another node holds, for a newcomer here
     * @param iqFilter   sees (and may complete) every IQ on its way to one of the plugin's components, as Openfire's
     *                   outgoing interceptors see those to its own sessions
     */
    public ComponentRegistry(OpenfireServer server, RemoteRelease otherNodes, HiddenFlags hiddenFlags,
                             ListenerCounters counters, OpenfireCalls openfireCalls, Consumer<IQ> iqFilter) {
        this.server = server;
        this.cluster = server.cluster();
        this.otherNodes = otherNodes;
        this.hiddenFlags = hiddenFlags;
        this.counters = counters;
        this.openfireCalls = openfireCalls;
        this.iqFilter = iqFilter;
    }

    /**
     * Registers the domain for a session that has authenticated. Completes with empty when the domain stays taken:
     * the caller answers {@code conflict}.
     */
    public CompletableFuture<Optional<Registration>> register(String domain, String subdomain, Session session) {
        return CompletableFuture.supplyAsync(() -> registerNow(domain, subdomain, session), worker);
    }

    /**
     * Under the domain's cluster-wide lock: of two newcomers for one domain on two nodes, the second sees the
     * first's registration, and exactly one holds the domain in the end.
     */
    private Optional<Registration> registerNow(String domain, String subdomain, Session session) {
        Lock lock = cluster.lock(domain);
        try {
            if (!lock.tryLock(CLUSTER_LOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("Another node kept registering {} for too long; the newcomer is refused", domain);
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            boolean kickOld = session.conflictBehaviour() == Session.ConflictBehaviour.KICK_OLD;
            boolean joinsOtherNodes = false;
            if (isTakenElsewhere(domain)) {
                joinsOtherNodes = otherNodes.admitToFleet(domain,
                    session.conflictBehaviour() == Session.ConflictBehaviour.SHARE, session.asksMultiple());
                if (!joinsOtherNodes) {
                    freeElsewhere(domain, kickOld, true);
                }
            } else if (kickOld && isSharedAcrossNodes(domain, session)) {
                // The fleet it replaces here has members on other nodes too; the route here stays, for the newcomer.
                freeElsewhere(domain, true, false);
            }
            return registerLocked(domain, subdomain, session, joinsOtherNodes);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the domain's connections here are in a fleet with other nodes' that does not admit the newcomer. */
    private synchronized boolean isSharedAcrossNodes(String domain, Session newcomer) {
        Route route = routes.get(domain);
        return route != null && route.sharedAcrossNodes() && !Fleet.admits(route.sessions(), newcomer);
    }

    /**
     * Another node's newcomer asks whether it may join the fleet of the domain's connections here. From then on
     * the domain's fleet spans nodes.
     */
    public synchronized boolean admitsFromOtherNode(String domain, boolean shares, boolean asksMultiple) {
        Route route = routes.get(domain);
        if (route == null || leaving.containsKey(domain) || !Fleet.admits(route.sessions(), shares, asksMultiple)) {
            return false;
        }
        route.shareAcrossNodes();
        return true;
    }

    /** Taken, but neither by this node's components nor on its way out here: another node (or Openfire) holds it. */
    private synchronized boolean isTakenElsewhere(String domain) {
        return !routes.containsKey(domain) && !leaving.containsKey(domain) && cluster.nodes().size() > 1
            && server.isTaken(domain);
    }

    /**
     * Asks the other nodes to give the domain up and, when they do and {@code awaitFreedom}, waits until Openfire's
     * routing has let it go. Outside the registry's lock: the other node may at the same moment ask this one.
     */
    private void freeElsewhere(String domain, boolean kickOld, boolean awaitFreedom) {
        ReleaseOutcome outcome = otherNodes.askOtherNodes(domain, kickOld);
        if (outcome == ReleaseOutcome.KICKED) {
            counters.increment(ListenerCounters.Counter.KICKS);
        }
        if (outcome.frees() && awaitFreedom) {
            awaitFree(domain);
        }
    }

    /**
     * Another node's newcomer wants the domain. A hold for a reconnecting component ends at once: its stanzas go
     * back to their senders, since handing them to another node could reorder or repeat them. A connected component
     * is closed with {@code conflict} only when {@code kick} (the newcomer's {@code kick_old}); its queued stanzas
     * go back to their senders. {@link ReleaseOutcome#RELEASED} also when the domain is already on its way out.
     */
    public synchronized ReleaseOutcome releaseForOtherNode(String domain, boolean kick) {
        if (leaving.containsKey(domain)) {
            return ReleaseOutcome.RELEASED;
        }
        Route route = routes.get(domain);
        if (route == null) {
            return ReleaseOutcome.NONE_HELD;
        }
        ComponentLink holder = route.link();
        if (holder instanceof ReconnectHold) {
            ((ReconnectHold) holder).cancelExpiry();
            LOG.info("Component {} came back on another node; the stanzas held for it go back to their senders",
                domain);
            drop(route, PacketError.Condition.resource_constraint, PacketError.Type.wait);
            return ReleaseOutcome.RELEASED;
        }
        if (!kick) {
            return ReleaseOutcome.HELD;
        }
        List<Session> holders = route.sessions();
        drop(route, PacketError.Condition.resource_constraint, PacketError.Type.wait);
        kickAll(holders);
        LOG.info("Component {} was replaced by a new connection on another node", domain);
        return ReleaseOutcome.KICKED;
    }

    private Optional<Registration> registerLocked(String domain, String subdomain, Session session,
                                                 boolean joinsOtherNodes) {
        for (int attempt = 1; ; ) {
            Attempt outcome = attempt(domain, subdomain, session, joinsOtherNodes);
            if (outcome.result == null && outcome.counts && attempt++ == MAX_ATTEMPTS) {
                return Optional.empty();
            }
            // Waits happen outside the lock: whoever is awaited needs it on its way out.
            outcome.waitOutsideLock.run();
            if (outcome.result != null) {
                return outcome.result;
            }
        }
    }

    /** One try under the lock: a result, or what to wait for before the next try. */
    private synchronized Attempt attempt(String domain, String subdomain, Session session,
                                         boolean joinsOtherNodes) {
        if (closing) {
            return Attempt.done(Optional.empty());
        }
        CompletableFuture<Void> departing = leaving.get(domain);
        if (departing != null) {
            return Attempt.afterDeparture(() -> Waits.await(departing,
                "Openfire took too long to remove the route of {}", domain));
        }
        boolean kickOld = session.conflictBehaviour() == Session.ConflictBehaviour.KICK_OLD;
        Route route = routes.get(domain);
        if (route == null) {
            if (joinsOtherNodes || !server.isTaken(domain)) {
                // Openfire routes a domain registered on several nodes to one of them, its own first.
                return Attempt.done(registerWithOpenfire(domain, subdomain, session, joinsOtherNodes));
            }
            if (!kickOld || !server.kickNativeSession(domain, REPLACED)) {
                return Attempt.done(Optional.empty());
            }
            counters.increment(ListenerCounters.Counter.KICKS);
            return Attempt.retryAfter(() -> awaitFree(domain));
        }
        ComponentLink holder = route.link();
        if (holder instanceof ReconnectHold) {
            ((ReconnectHold) holder).cancelExpiry();
            hiddenFlags.set(domain, session.hidden());
            route.handTo(session);
            LOG.info("Component {} is back within its reconnect grace", domain);
            return Attempt.done(Optional.of(new Registration(route, session)));
        }
        List<Session> holders = route.sessions();
        if (Fleet.admits(holders, session)) {
            route.join(session);
            LOG.info("Component {} joined its fleet: {} connections", domain, holders.size() + 1);
            return Attempt.done(Optional.of(new Registration(route, session)));
        }
        if (kickOld) {
            // Stanzas queued in the old sessions and those arriving meanwhile wait in the new one.
            hiddenFlags.set(domain, session.hidden());
            route.handTo(session);
            CompletableFuture<Void> kicked = kickAll(holders);
            counters.add(ListenerCounters.Counter.KICKS, holders.size());
            return Attempt.doneAfter(Optional.of(new Registration(route, session)), () -> Waits.await(kicked,
                "The replaced session of {} did not close in time; it no longer receives anything", domain));
        }
        // A component that dropped its connection and came straight back may be faster than the news of the drop:
        // the holder gets a moment to go before the newcomer is answered conflict.
        return Attempt.retryAfter(() -> awaitRelinked(domain, holder));
    }

    /** Closes every session that held a domain with {@code conflict}; completes once all are closed. */
    private CompletableFuture<Void> kickAll(List<Session> holders) {
        List<CompletableFuture<Void>> kicked = new ArrayList<>();
        for (Session holder : holders) {
            kicked.add(holder.kick(REPLACED));
        }
        return CompletableFuture.allOf(kicked.toArray(new CompletableFuture<?>[0]));
    }

    private Optional<Registration> registerWithOpenfire(String domain, String subdomain, Session session,
                                                        boolean sharedAcrossNodes) {
        Route route = new Route(domain, subdomain, session, server, iqFilter, counters);
        if (sharedAcrossNodes) {
            route.shareAcrossNodes();
        }
        // Flagged before Openfire can list it anywhere.
        hiddenFlags.set(domain, session.hidden());
        try {
            server.register(subdomain, route);
        } catch (ComponentException | RuntimeException e) {
            LOG.warn("Openfire refused to register component {}", domain, e);
            hiddenFlags.set(domain, false);
            return Optional.empty();
        }
        routes.put(domain, route);
        return Optional.of(new Registration(route, session));
    }

    /** Waits until a kicked native session has given up its route. */
    private void awaitFree(String domain) {
        Waits.until(() -> !server.isTaken(domain), KICK_WAIT_MILLIS);
    }

    /** Waits until the domain is no longer held by the given link. */
    private void awaitRelinked(String domain, ComponentLink holder) {
        Waits.until(() -> {
            synchronized (this) {
                Route route = routes.get(domain);
                return route == null || route.link() != holder;
            }
        }, SETTLE_MILLIS);
    }

    private synchronized CompletableFuture<Void> release(Registration registration, long graceMillis,
                                                         int holdLimit) {
        Route route = registration.route;
        if (routes.get(route.domain()) != route || route.leave(registration.session)
            || route.link() != registration.session) {
            return CompletableFuture.completedFuture(null);
        }
        if (graceMillis > 0 && !closing && !route.sharedAcrossNodes()) {
            ReconnectHold hold = new ReconnectHold(holdLimit);
            route.handTo(hold);
            hold.expireWith(worker.schedule(() -> expire(route, hold), graceMillis, TimeUnit.MILLISECONDS));
            LOG.info("Component {} left; its domain is kept for {} ms", route.domain(), graceMillis);
            return CompletableFuture.completedFuture(null);
        }
        // Accepted for the component but never written: its senders may try again later.
        return drop(route, PacketError.Condition.resource_constraint, PacketError.Type.wait);
    }

    private synchronized void expire(Route route, ReconnectHold hold) {
        if (routes.get(route.domain()) == route && route.link() == hold) {
            LOG.info("Component {} did not come back within its reconnect grace", route.domain());
            drop(route, PacketError.Condition.service_unavailable, PacketError.Type.cancel);
        }
    }

    /**
     * Stops routing to the domain first (at once, under the lock: whatever Openfire still hands the route is
     * bounced), then removes it from Openfire and bounces what was waiting with the given error. Removing may be
     * slow (Openfire tells its cluster and its service discovery), so it runs off the caller's thread, which may be
     * an event loop; completes once Openfire no longer routes to the domain.
     */
    private CompletableFuture<Void> drop(Route route, PacketError.Condition condition, PacketError.Type type) {
        String domain = route.domain();
        routes.remove(domain);
        List<Packet> waiting = route.relink(Gone.LINK);
        CompletableFuture<Void> gone = new CompletableFuture<>();
        leaving.put(domain, gone);
        openfireCalls.execute(() -> {
            try {
                server.unregister(route.subdomain(), route);
            } catch (RuntimeException e) {
                LOG.warn("Could not unregister component {} from Openfire", domain, e);
            }
            hiddenFlags.set(domain, false);
            synchronized (this) {
                leaving.remove(domain, gone);
            }
            gone.complete(null);
            Bounces bounces = new Bounces();
            bounces.addAll(waiting, condition, type);
            bounces.route(server, counters);
        });
        return gone;
    }

    /** Asks every connected session, a moment from now, to check that Openfire's settings still admit it. */
    public void revalidateSoon() {
        worker.schedule(() -> sessions(null).forEach(Session::revalidate), REVALIDATE_DELAY_MILLIS,
            TimeUnit.MILLISECONDS);
    }

    /** Ends the sessions of a subdomain that Openfire's settings now block. */
    public void revoke(String subdomain, String reason) {
        sessions(subdomain).forEach(session -> session.revoke(reason));
    }

    /** The connected sessions, of one subdomain or (null) all. */
    private synchronized List<Session> sessions(String subdomain) {
        List<Session> sessions = new ArrayList<>();
        for (Route route : routes.values()) {
            if (subdomain == null || subdomain.equals(route.subdomain())) {
                sessions.addAll(route.sessions());
            }
        }
        return sessions;
    }

    /** First step of stopping: no new registrations or holds; domains held for reconnects are dropped now. */
    public synchronized void beginShutdown() {
        closing = true;
        for (Route route : new ArrayList<>(routes.values())) {
            if (route.link() instanceof ReconnectHold) {
                ((ReconnectHold) route.link()).cancelExpiry();
                drop(route, PacketError.Condition.service_unavailable, PacketError.Type.cancel);
            }
        }
    }

    /**
     * Last step of stopping, once every session has ended: the registry's worker goes. The routes it removes are
     * removed on the Openfire calls' threads, which the plugin stops after this.
     */
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(KICK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A domain held by one session. */
    public final class Registration {
        private final Route route;
        private final Session session;

        private Registration(Route route, Session session) {
            this.route = route;
            this.session = session;
        }

        public String domain() {
            return route.domain();
        }

        /** The component sent an IQ request: when its domain has several connections, the reply comes back here. */
        public void noteRequest(IQ request) {
            route.noteRequest(request, session);
        }

        /** How many connections hold the domain on this node, this one included. */
        public int connections() {
            return route.sessions().size();
        }

        /**
         * The session ended other than by a kick: keep the domain for {@code graceMillis}, holding up to
         * {@code holdLimit} stanzas (0: no limit), or drop it now. Only the first call counts. Completes once Openfire
         * no longer routes to the session.
         */
        public CompletableFuture<Void> release(long graceMillis, int holdLimit) {
            return ComponentRegistry.this.release(this, graceMillis, holdLimit);
        }
    }
}
