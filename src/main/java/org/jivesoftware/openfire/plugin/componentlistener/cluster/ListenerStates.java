package org.jivesoftware.openfire.plugin.componentlistener.cluster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerState;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * How listener states cross cluster nodes, by listener id, in JDK types only. Two shapes:
 * <ul>
 * <li>{@code listeners} (the only one of version 1.1.0): {@code [state, problem...]}, the
 * problems as English text. Still answered, for nodes of that version.</li>
 * <li>{@code listener-states}: {@code [state, message...]}, each message as {@code [key, argument...]}, an argument a
 * {@link String}, a {@link Number} or a nested message list; asked first, the old one when a node lacks it.</li>
 * </ul>
 */
final class ListenerStates {
    private ListenerStates() {
    }

    /** The answer to {@code listeners}: problems rendered in English. */
    static HashMap<String, ArrayList<String>> encodeOld(Map<String, ListenerState> states) {
        HashMap<String, ArrayList<String>> encoded = new HashMap<>();
        states.forEach((id, state) -> {
            ArrayList<String> list = new ArrayList<>(List.of(state.state()));
            state.problems().forEach(problem -> list.add(problem.english()));
            encoded.put(id, list);
        });
        return encoded;
    }

    /** An answer to {@code listeners}: an old node's English problems shown as they are. */
    @SuppressWarnings("unchecked")
    static Map<String, ListenerState> decodeOld(Serializable answer) {
        Map<String, ListenerState> states = new LinkedHashMap<>();
        ((Map<String, List<String>>) answer).forEach((id, list) -> {
            List<Message> problems = new ArrayList<>();
            list.subList(1, list.size()).forEach(problem -> problems.add(Message.text(problem)));
            states.put(id, new ListenerState(list.get(0), problems));
        });
        return states;
    }

    /** The answer to {@code listener-states}: problems as keys and arguments. */
    static HashMap<String, ArrayList<Serializable>> encode(Map<String, ListenerState> states) {
        HashMap<String, ArrayList<Serializable>> encoded = new HashMap<>();
        states.forEach((id, state) -> {
            ArrayList<Serializable> list = new ArrayList<>(List.of(state.state()));
            state.problems().forEach(problem -> list.add(encode(problem)));
            encoded.put(id, list);
        });
        return encoded;
    }

    /** An answer to {@code listener-states}. */
    @SuppressWarnings("unchecked")
    static Map<String, ListenerState> decode(Serializable answer) {
        Map<String, ListenerState> states = new LinkedHashMap<>();
        ((Map<String, List<Object>>) answer).forEach((id, list) -> {
            List<Message> problems = new ArrayList<>();
            list.subList(1, list.size()).forEach(problem -> problems.add(decodeMessage((List<Object>) problem)));
            states.put(id, new ListenerState((String) list.get(0), problems));
        });
        return states;
    }

    private static ArrayList<Serializable> encode(Message message) {
        ArrayList<Serializable> encoded = new ArrayList<>(List.of(message.key()));
        for (Object arg : message.args()) {
            encoded.add(arg instanceof Message ? encode((Message) arg) : (Serializable) arg);
        }
        return encoded;
    }

    @SuppressWarnings("unchecked")
    private static Message decodeMessage(List<Object> encoded) {
        Object[] args = encoded.subList(1, encoded.size()).toArray();
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof List) {
                args[i] = decodeMessage((List<Object>) args[i]);
            }
        }
        return Message.of((String) encoded.get(0), args);
    }
}
