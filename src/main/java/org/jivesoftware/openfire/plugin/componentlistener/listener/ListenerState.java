package org.jivesoftware.openfire.plugin.componentlistener.listener;

import java.util.List;
import java.util.Objects;

import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * A listener that runs or failed on a node: {@link #RUNNING} (its problems: a renewed certificate it could not load)
 * or {@link #FAILED} (its problems: why).
 */
public final class ListenerState {
    public static final String RUNNING = "running";
    public static final String FAILED = "failed";

    private final String state;
    private final List<Message> problems;

    public ListenerState(String state, List<Message> problems) {
        this.state = state;
        this.problems = List.copyOf(problems);
    }

    /** {@link #RUNNING} or {@link #FAILED}. */
    public String state() {
        return state;
    }

    public List<Message> problems() {
        return problems;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListenerState && state.equals(((ListenerState) o).state)
            && problems.equals(((ListenerState) o).problems);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, problems);
    }

    @Override
    public String toString() {
        return state + problems;
    }
}
