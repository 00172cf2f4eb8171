package org.edtriage.load.run;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioTest {
    @Test
    void everyBuiltInScenarioLoadsAndTheFailoversRunTwoInstancesOnACluster() throws Exception {
        for (String name : Scenario.BUILT_IN) {
            Scenario s = Scenario.load(name, Map.of());
            assertEquals(name, s.name());
            assertTrue(!s.description().isBlank(), name + " says what it does");
        }
        for (String name : new String[]{"scoring-failover", "ingest-failover"}) {
            Scenario s = Scenario.load(name, Map.of());
            assertEquals(2, s.replicas(), name);
            assertEquals(3, s.brokers(), name + ": the surviving instance must not lose its broker too");
        }
        assertEquals(0, Scenario.load("ingest-failover", Map.of()).mix().getOrDefault(Scenario.Entry.HTTP, 0),
                "the HL7 path, whose re-sent messages must never be stored twice");
    }

    @Test
    void aFailoverWithoutASecondInstanceIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scenario.load("scoring-failover", Map.of("replicas", "1")));
        assertTrue(e.getMessage().contains("scoring-failover needs a second instance"), e.getMessage());
    }
}
