package org.jivesoftware.openfire.plugin.componentlistener.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.jivesoftware.openfire.plugin.componentlistener.listener.ListenerState;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;
import org.junit.jupiter.api.Test;

/** The two shapes listener states cross nodes in: version 1.1.0's, which must not change, and the typed one. */
class ListenerStatesTest {
    private static final Message BIND = Message.of("error.listener.bind", "127.0.0.1:5275", "Address already in use");
    private static final Message KEEPS = Message.of("error.tls.keeps",
        Message.of("error.tls.mismatch", Message.of("tls.where.file", "/k.pem"), Message.of("tls.where.file", "/c.pem")));
    private static final Map<String, ListenerState> STATES = Map.of(
        "a", new ListenerState(ListenerState.FAILED, List.of(BIND)),
        "b", new ListenerState(ListenerState.RUNNING, List.of(KEEPS)));

    @Test
    void theOldCommandAnswersStateThenEnglishProblemsByPosition() {
        assertEquals("listeners", ClusterProtocol.Command.LISTENERS.wireName());
        assertEquals(Map.of("a", List.of("failed", "Cannot listen on 127.0.0.1:5275: Address already in use"),
            "b", List.of("running", "keeps its previous TLS certificate: the private key in /k.pem does not match the"
                + " certificate in /c.pem")), ListenerStates.encodeOld(STATES));
    }

    @Test
    void anOldNodesEnglishIsShownAsItIs() {
        assertEquals(Map.of("a", new ListenerState("failed", List.of(Message.text("port in use")))),
            ListenerStates.decodeOld(new java.util.HashMap<>(Map.of("a",
                new java.util.ArrayList<>(List.of("failed", "port in use"))))));
    }

    @Test
    void theTypedCommandCarriesKeysAndArgumentsNestedAsLists() {
        assertEquals("listener-states", ClusterProtocol.Command.LISTENER_STATES.wireName());
        assertEquals(List.of("failed", List.of("error.listener.bind", "127.0.0.1:5275", "Address already in use")),
            ListenerStates.encode(STATES).get("a"));
        assertEquals(List.of("running", List.of("error.tls.keeps", List.of("error.tls.mismatch",
            List.of("tls.where.file", "/k.pem"), List.of("tls.where.file", "/c.pem")))),
            ListenerStates.encode(STATES).get("b"));
        assertEquals(STATES, ListenerStates.decode(ListenerStates.encode(STATES)));
    }
}
