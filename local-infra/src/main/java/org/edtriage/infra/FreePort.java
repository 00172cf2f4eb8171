package org.edtriage.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port on 127.0.0.1 for a server this process is about to start (a broker, a service, a listener). Two races made
 * the earlier "bind port 0 and close it" pick collide (seen in CI: ingest's MLLP port handed to scoring as well, before
 * ingest had bound it): the kernel may hand the same ephemeral port out again, to the next pick or to any outbound
 * connection, until the server binds it. So ports are drawn below the kernel's ephemeral range (where no outbound
 * connection gets one), never twice in this process, and only if they can be bound right now.
 */
public final class FreePort {
    private static final int LOWEST = 10_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int EPHEMERAL_START = ephemeralStart();

    private FreePort() {
    }

    public static int pick() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, EPHEMERAL_START);
            if (HANDED_OUT.add(port)) {
                if (bindable(port)) {
                    return port;
                }
            }
        }
        throw new UncheckedIOException(new IOException("no free port on 127.0.0.1 between " + LOWEST + " and " + EPHEMERAL_START));
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port the kernel gives outbound connections (Linux: ip_local_port_range; elsewhere its default). */
    private static int ephemeralStart() {
        try {
            int start = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
            return start > LOWEST + 1000 ? start : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
