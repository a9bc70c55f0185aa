package org.jivesoftware.openfire.plugin.componentlistener.privilege;

import java.util.Locale;
import java.util.Optional;

import org.xmpp.packet.IQ;

/** Which IQ types a roster or IQ permission allows, as XEP-0356 names them. */
public enum Access {
    NONE, GET, SET, BOTH;

    public boolean allows(IQ.Type type) {
        switch (this) {
            case GET:
                return type == IQ.Type.get;
            case SET:
                return type == IQ.Type.set;
            case BOTH:
                return type == IQ.Type.get || type == IQ.Type.set;
            default:
                return false;
        }
    }

    /** The value in XEP-0356's {@code type} attribute and in the properties. */
    public String xmlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Access> parse(String value) {
        for (Access access : values()) {
            if (access.xmlName().equals(value)) {
                return Optional.of(access);
            }
        }
        return Optional.empty();
    }
}
