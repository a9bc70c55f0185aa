/**
 * Privileged components (XEP-0356, {@code urn:xmpp:privilege:2}): the grants of each component domain, kept in
 * system properties (GrantStore) and held for the running connections (Privileges); the {@code <privilege/>}
 * message that advertises them; what a privileged component may send on a local user's behalf (roster access,
 * messages as the user's own with carbons, IQs executed as the user's: PrivilegedRequests) and what it is sent
 * (roster pushes and presences: UserEventRelay). Uses port/ (UserServices, OpenfireServer), config/, message/ and
 * stanza/.
 */
package org.jivesoftware.openfire.plugin.componentlistener.privilege;
