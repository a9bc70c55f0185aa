package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.util.List;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/** What applying a set of definitions did to one listener, so that the admin console can say it. */
public final class ListenerChange {
    /** The kinds of change, from the admin's point of view. */
    public enum Kind {
        /** Bound for the first time (or again after being off). */
        STARTED,
        /** Its address, port or state changed: its connections were closed and it was bound anew. */
        RESTARTED,
        /** New settings taken by the connected components, none disconnected. */
        UPDATED,
        /** Nothing to do. */
        UNCHANGED,
        /** Disabled or removed: its connections were closed. */
        STOPPED,
        /** Not running: its definition is invalid or its port could not be bound. */
        FAILED
    }

    private final String id;
    private final Kind kind;
    private final String address;
    private final int components;
    private final List<Message> problems;

    ListenerChange(String id, Kind kind, String address, int components, List<Message> problems) {
        this.id = id;
        this.kind = kind;
        this.address = address;
        this.components = components;
        this.problems = List.copyOf(problems);
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code ip:port} the listener binds now; empty when it does not run. */
    public String address() {
        return address;
    }

    /**
     * Components affected: disconnected for {@link Kind#RESTARTED}, {@link Kind#STOPPED} and {@link Kind#FAILED},
     * kept connected for {@link Kind#UPDATED} and {@link Kind#UNCHANGED}.
     */
    public int components() {
        return components;
    }

    /** Why a {@link Kind#FAILED} listener does not run. */
    public List<Message> problems() {
        return problems;
    }

    @Override
    public String toString() {
        return id + " " + kind + " " + address + " (" + components + " components)" + (problems.isEmpty() ? ""
            : " " + problems);
    }
}
