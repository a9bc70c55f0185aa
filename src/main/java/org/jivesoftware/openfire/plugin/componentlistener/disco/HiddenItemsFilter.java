package org.jivesoftware.openfire.plugin.componentlistener.disco;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * Adds hidden components back to the server's disco#items answers for those allowed to see them: servers and
 * components (requesters without a user part) always, users when {@code users_can_see_hidden_services} is true.
 * Hidden components are never in Openfire's item list (see {@link HiddenProbeFilter}), so for users, who must not
 * see them, Openfire's answer, result-set counts included, is already right.
 */
public final class HiddenItemsFilter {
    private static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    private static final String RSM = "http://jabber.org/protocol/rsm";

    private final String xmppDomain;
    private final Supplier<Set<String>> hiddenDomains;
    private final BooleanSupplier usersCanSeeHidden;

    public HiddenItemsFilter(String xmppDomain, Supplier<Set<String>> hiddenDomains, BooleanSupplier usersCanSeeHidden) {
        this.xmppDomain = xmppDomain;
        this.hiddenDomains = hiddenDomains;
        this.usersCanSeeHidden = usersCanSeeHidden;
    }

    /** Completes an outgoing answer in place, when it is the server's item list for a requester who may see all. */
    public void complete(IQ answer) {
        // Every IQ the server sends passes here: field checks only, no string building, until it is the one.
        JID from = answer.getFrom();
        if (answer.getType() != IQ.Type.result || from == null || answer.getTo() == null || from.getNode() != null
            || from.getResource() != null || !xmppDomain.equals(from.getDomain())) {
            return;
        }
        Element query = answer.getChildElement();
        if (query == null || !DISCO_ITEMS.equals(query.getNamespaceURI()) || query.attributeValue("node") != null) {
            return;
        }
        JID requester = answer.getTo();
        if (requester.getNode() != null && !usersCanSeeHidden.getAsBoolean()) {
            return;
        }
        Set<String> missing = new HashSet<>(hiddenDomains.get());
        for (Element item : query.elements("item")) {
            missing.remove(item.attributeValue("jid"));
        }
        if (missing.isEmpty()) {
            return;
        }
        if (isLastPage(query)) {
            for (String domain : missing) {
                query.addElement("item", DISCO_ITEMS).addAttribute("jid", domain);
            }
        }
        Element count = resultSet(query) == null ? null : resultSet(query).element("count");
        if (count != null) {
            count.setText(String.valueOf(Long.parseLong(count.getTextTrim()) + missing.size()));
        }
    }

    /**
     * Without result-set paging every answer is the whole list; with it, hidden items go after the last page
     * (and every page's count includes them).
     */
    private static boolean isLastPage(Element query) {
        Element set = resultSet(query);
        if (set == null) {
            return true;
        }
        Element count = set.element("count");
        Element first = set.element("first");
        if (count == null) {
            return false;
        }
        List<Element> items = query.elements("item");
        long index = first == null || first.attributeValue("index") == null ? 0
            : Long.parseLong(first.attributeValue("index"));
        return index + items.size() >= Long.parseLong(count.getTextTrim());
    }

    private static Element resultSet(Element query) {
        return query.element(QName.get("set", RSM));
    }
}
