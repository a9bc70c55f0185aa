/**
 * The only package that imports Openfire: it implements port/ on Openfire's routing, component manager, External
 * Components settings, system properties, cluster, statistics and admin console services, and its users' rosters,
 * sessions and IQ handlers for privileged components. Compiled against
 * Openfire 4.2.0 and run on 4.9 to 5.x, so it calls only APIs whose signatures are the same in all of them. Uses
 * port/ and config/.
 */
package org.jivesoftware.openfire.plugin.componentlistener.openfire;
