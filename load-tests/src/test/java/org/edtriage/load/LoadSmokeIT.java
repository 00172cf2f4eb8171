package org.edtriage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.edtriage.deploy.stack.LocalStack;
import org.edtriage.load.run.LoadRun;
import org.edtriage.load.run.Report;
import org.edtriage.load.run.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load tooling's smoke run, so it keeps working: the built services in a real local stack (KRaft broker, schema
 * registry, ingest, scoring, training as child JVMs), a few seconds of open-loop load through MLLP, WFDB upload and
 * Kafka, then the same with one poison input of each kind. Checks the accounting and the report, never timings.
 */
class LoadSmokeIT {
    private static LocalStack stack;
    private static final Path ROOT = Path.of(System.getProperty("triage.root", "..")).toAbsolutePath().normalize();
    private static final Path OUT = ROOT.resolve("load-tests/target/smoke");

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(ROOT, OUT.resolve("stack"), "cnn20k", System.out::println);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
            assertTrue(stack.aliveProcesses().isEmpty(), "left running: " + stack.aliveProcesses());
        }
    }

    @Test
    void steadyLoadThroughEveryEntryEndsInOneAlertPerEcg() throws Exception {
        Report r = LoadRun.run(Scenario.load("smoke-steady", Map.of()), stack, null, OUT.resolve("steady"), System.out::println);
        System.out.println(r);
        JsonNode acc = accounting(OUT.resolve("steady"));
        assertEquals(20, acc.get("validEcgs").asInt());
        assertEquals(20, acc.get("stored").asInt(), "every ECG stored");
        assertEquals(20, acc.get("alerts").asInt(), "one alert per chest-pain visit");
        assertEquals(0, acc.get("alertDuplicates").asInt());
        assertEquals(0, acc.get("scoreDuplicates").asInt());
        assertEquals(20, latency(OUT.resolve("steady"), "ingest→alert").get("count").asInt(), "a latency for every alert");
        assertTrue(r.passed(), r.toString());
        for (String f : new String[]{"summary.json", "arrivals.csv", "timeline.csv", "percentiles.csv", "resources.csv", "index.html"}) {
            assertTrue(Files.size(OUT.resolve("steady").resolve(f)) > 50, f + " written");
        }
        assertTrue(Files.readString(OUT.resolve("steady/index.html")).contains("<polyline"), "plots drawn");
        assertTrue(Files.readString(OUT.resolve("steady/arrivals.csv")).contains("KAFKA"));
    }

    @Test
    void poisonIsRefusedAndDeadLetteredWhileValidEcgsGoThrough() throws Exception {
        Report r = LoadRun.run(Scenario.load("smoke-poison", Map.of()), stack, null, OUT.resolve("poison"), System.out::println);
        System.out.println(r);
        JsonNode acc = accounting(OUT.resolve("poison"));
        assertEquals(4, acc.get("poison").asInt(), "one of each kind");
        assertEquals(4, acc.get("deadLettered").asInt(), "each poison input dead-lettered once");
        assertEquals(4, acc.get("poisonRefused").asInt(), "each refused with AE / 422 / by scoring");
        assertEquals(2, acc.get("deadLetteredBySource").get("hl7-mllp").asInt());
        assertEquals(1, acc.get("deadLetteredBySource").get("wfdb-upload").asInt());
        assertEquals(16, acc.get("stored").asInt());
        assertEquals(16, acc.get("alerts").asInt());
        assertTrue(acc.get("sentEqualsStoredPlusDeadLettered").asBoolean());
        assertTrue(r.passed(), r.toString());
    }

    private static JsonNode accounting(Path dir) throws Exception {
        return new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).get("accounting");
    }

    private static JsonNode latency(Path dir, String stage) throws Exception {
        return new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).get("latencyMs").get(stage);
    }
}
