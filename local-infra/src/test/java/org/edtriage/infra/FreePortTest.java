package org.edtriage.infra;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

class FreePortTest {
    /** A stack picks a dozen ports before its servers bind them: none may be handed out twice (a CI failure before). */
    @Test
    void portsPickedBeforeTheirServersBindAreNeverTheSame() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            int port = FreePort.pick();
            assertTrue(ports.add(port), "port " + port + " handed out twice");
            assertTrue(port >= 10_000, "above the well-known and registered-low ports: " + port);
        }
    }
}
