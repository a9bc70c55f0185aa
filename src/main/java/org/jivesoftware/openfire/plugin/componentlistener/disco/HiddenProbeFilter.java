package org.jivesoftware.openfire.plugin.componentlistener.disco;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

/**
 * Keeps a hidden component out of Openfire's service discovery. When Openfire registers a component it asks it for
 * its disco#info and lists it among the server's items once the answer arrives; for a hidden component that answer
 * is never passed on, so the component never enters the item list on any cluster node, and no request can catch
 * it there, not even for a moment.
 */
public final class HiddenProbeFilter {
    private static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";

    private final JID prober;
    private final Set<String> pendingProbes = ConcurrentHashMap.newKeySet();

    /** @param prober the address Openfire's component manager asks from ({@code component.<xmpp domain>}) */
    public HiddenProbeFilter(JID prober) {
        this.prober = prober;
    }

    /** Notes a stanza on its way to the component: remembers Openfire's disco#info probes. */
    public void toComponent(Packet packet) {
        if (packet instanceof IQ && ((IQ) packet).getType() == IQ.Type.get && prober.equals(packet.getFrom())
            && packet.getID() != null) {
            Element child = ((IQ) packet).getChildElement();
            if (child != null && DISCO_INFO.equals(child.getNamespaceURI())) {
                pendingProbes.add(packet.getID());
            }
        }
    }

    /** True for the component's answer to a probe: it is not routed. */
    public boolean swallow(Packet fromComponent) {
        return fromComponent instanceof IQ && prober.equals(fromComponent.getTo())
            && (((IQ) fromComponent).getType() == IQ.Type.result || ((IQ) fromComponent).getType() == IQ.Type.error)
            && fromComponent.getID() != null && pendingProbes.remove(fromComponent.getID());
    }
}
