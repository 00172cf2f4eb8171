package org.edtriage.ingest.mllp;

import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** TLS server sockets that ask connecting clients for a certificate, as hospitals secure MLLP links. */
public final class TlsServerSockets {
    /** NONE: server authentication only; WANT: a certificate is asked for but optional; NEED: no certificate, no connection. */
    public enum ClientAuth { NONE, WANT, NEED }

    private TlsServerSockets() {
    }

    public static ServerSocketFactory of(SSLContext tls, ClientAuth clientAuth) {
        ServerSocketFactory delegate = tls.getServerSocketFactory();
        return new ServerSocketFactory() {
            @Override
            public ServerSocket createServerSocket() throws IOException {
                return configure(delegate.createServerSocket());
            }

            @Override
            public ServerSocket createServerSocket(int port) throws IOException {
                return configure(delegate.createServerSocket(port));
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog) throws IOException {
                return configure(delegate.createServerSocket(port, backlog));
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
                return configure(delegate.createServerSocket(port, backlog, address));
            }

            private ServerSocket configure(ServerSocket socket) {
                SSLServerSocket s = (SSLServerSocket) socket;
                switch (clientAuth) {
                    case NEED -> s.setNeedClientAuth(true);
                    case WANT -> s.setWantClientAuth(true);
                    case NONE -> s.setNeedClientAuth(false);
                }
                return s;
            }
        };
    }
}
