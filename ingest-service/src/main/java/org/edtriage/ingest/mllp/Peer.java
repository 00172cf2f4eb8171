package org.edtriage.ingest.mllp;

import javax.security.auth.x500.X500Principal;
import java.net.InetAddress;

/**
 * The other end of one MLLP connection, as far as the connection proves it: its source address and, over TLS with
 * client authentication, the subject of the certificate it presented (null otherwise).
 */
public record Peer(InetAddress address, int port, X500Principal certificate) {
    @Override
    public String toString() {
        return address.getHostAddress() + ":" + port + (certificate == null ? "" : " [" + certificate.getName() + "]");
    }
}
