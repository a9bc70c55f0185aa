package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.jivesoftware.openfire.plugin.componentlistener.config.ListenerOption;
import org.jivesoftware.openfire.plugin.componentlistener.message.Message;

/**
 * The certificate and key files a TLS section names. They are used only when both are absolute paths this server
 * can read: a relative path meant the other server's directory, and a file that is not here cannot serve TLS. Else
 * the listener uses Openfire's own certificate, and a note says so. A certificate file without a key file is taken
 * as both (ejabberd and fast_tls keep the key in the certificate's PEM file).
 */
final class TlsFiles {
    private TlsFiles() {
    }

    /** Maps the files to the section's {@code tls_certfile} and {@code tls_keyfile}, or notes why not. */
    static void read(DraftSection section, String keyPrefix, Object certfile, Object keyfile) {
        if (certfile == null && keyfile == null) {
            section.note(Message.of("import.note.tls.own", keyPrefix + "certfile"));
            return;
        }
        Object key = keyfile == null ? certfile : keyfile;
        String certKey = keyPrefix + "certfile";
        String keyKey = keyPrefix + (keyfile == null ? "certfile" : "keyfile");
        if (!usable(certfile)) {
            section.note(Message.of("import.note.tls.unusable", certKey, String.valueOf(certfile)));
        } else if (!usable(key)) {
            section.note(Message.of("import.note.tls.unusable", keyKey, String.valueOf(key)));
        } else {
            section.offer(certKey, ListenerOption.TLS_CERTFILE, (String) certfile);
            section.offer(keyKey, ListenerOption.TLS_KEYFILE, (String) key);
        }
    }

    private static boolean usable(Object file) {
        if (!(file instanceof String)) {
            return false;
        }
        try {
            Path path = Paths.get((String) file);
            return path.isAbsolute() && Files.isRegularFile(path) && Files.isReadable(path);
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
