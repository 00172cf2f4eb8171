package org.edtriage.ingest.mllp;

import org.jboss.logging.Logger;

import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MLLP listener: many concurrent connections, each handled in order (a message's ACK is sent
 * before the next message of that connection is read, so ACKs never reorder), bound to the
 * configured address only (HAPI's server binds every interface), at most {@code maxConnections} at
 * a time (further connections wait in the accept backlog). Plain TCP, or TLS through the given
 * socket factory; with TLS the handler learns the subject of the client's certificate, if it gave one.
 */
public final class MllpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MllpServer.class);

    /** What to answer to one frame; null means "no answer" (stray bytes outside a block). */
    @FunctionalInterface
    public interface FrameHandler {
        byte[] handle(MllpFrameReader.Frame frame, Peer peer);

        /** A TLS connection that failed its handshake (no or an untrusted client certificate, wrong protocol): no frame came. */
        default void handshakeFailed(Peer peer, String reason) {
        }

        /** Whether this connection is one we listen to; if not, its first message is answered and the connection closed. */
        default boolean admits(Peer peer) {
            return true;
        }
    }

    /**
     * Long enough for a slow peer's handshake, short enough that a socket that never handshakes does not hold a slot.
     * After it, connections may idle without limit: integration engines keep theirs open through quiet nights.
     */
    private static final int HANDSHAKE_TIMEOUT_MS = 30_000;

    private final ServerSocket server;
    private final FrameHandler handler;
    private final int maxMessageBytes;
    private final ExecutorService workers;
    private final Semaphore slots;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closing;

    public MllpServer(String host, int port, int maxConnections, int maxMessageBytes, ServerSocketFactory factory,
                      FrameHandler handler) throws IOException {
        this.handler = handler;
        this.maxMessageBytes = maxMessageBytes;
        this.server = factory.createServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 128);
        this.slots = new Semaphore(maxConnections);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(maxConnections, r -> {
            Thread t = new Thread(r, "mllp-connection-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "mllp-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                slots.acquire();
                Socket socket = server.accept();
                open.add(socket);
                workers.execute(() -> serve(socket));
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                slots.release();
                if (!closing) {
                    LOG.warnf("MLLP accept failed: %s", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        Peer peer = new Peer(socket.getInetAddress(), socket.getPort(), null);
        try (socket) {
            socket.setTcpNoDelay(true);
            if (socket instanceof SSLSocket tls) {
                // the handshake first: a client without an accepted certificate is turned away before any byte is read
                try {
                    tls.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
                    tls.startHandshake();
                    tls.setSoTimeout(0);
                } catch (IOException e) {
                    LOG.warnf("MLLP connection %s refused in the TLS handshake: %s", peer, e.getMessage());
                    handler.handshakeFailed(peer, String.valueOf(e.getMessage()));
                    return;
                }
                peer = new Peer(peer.address(), peer.port(), clientCertificate(tls.getSession()));
            }
            // a connection no sender owns gets its first message answered (the refusal, so the other end learns why), then closed
            boolean admitted = handler.admits(peer);
            MllpFrameReader reader = new MllpFrameReader(new BufferedInputStream(socket.getInputStream(), 64 * 1024), maxMessageBytes);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 4096);
            MllpFrameReader.Frame frame;
            while (!closing && (frame = reader.next()) != null) {
                byte[] reply = handler.handle(frame, peer);
                if (reply != null) {
                    out.write(MllpFrameReader.START);
                    out.write(reply);
                    out.write(MllpFrameReader.END);
                    out.write(MllpFrameReader.CR);
                    out.flush();
                }
                if (!admitted) {
                    LOG.infof("MLLP connection %s closed: not an allowed sender", peer);
                    return;
                }
            }
        } catch (SocketException e) {
            // peer went away, or we are closing
        } catch (IOException e) {
            LOG.infof("MLLP connection %s ended: %s", peer, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "MLLP connection %s failed", peer);
        } finally {
            open.remove(socket);
            slots.release();
        }
    }

    private static X500Principal clientCertificate(SSLSession session) {
        try {
            return (X500Principal) session.getPeerPrincipal();
        } catch (SSLPeerUnverifiedException e) {
            return null; // client authentication not asked for, or (when only requested) not given
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        acceptor.interrupt();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
