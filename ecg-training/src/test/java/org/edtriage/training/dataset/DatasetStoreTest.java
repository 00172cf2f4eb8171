package org.edtriage.training.dataset;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.signal.InputContract;
import org.edtriage.training.cohort.EdVisitRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DatasetStoreTest {
    static final Instant T = Instant.parse("2025-05-01T08:00:00Z");

    static Ecg ecg(String name, int offset) {
        int[] a = new int[500];
        int[] b = new int[500];
        for (int i = 0; i < 500; i++) {
            a[i] = (int) (1000 * Math.sin(i / 20.0)) + offset;
            b[i] = i % 7 == 0 ? 70_000 : -i; // one lead wider than int16: stored as int32
        }
        return new Ecg(name, 250, List.of(new Lead("I", a, 1000, 0), new Lead("II", b, 200, 5)), T, 60, Sex.FEMALE);
    }

    @Test
    void ecgsAreStoredOnceAndReadBackExactlyAcrossReopening(@TempDir Path dir) throws Exception {
        try (DatasetStore store = DatasetStore.open(dir)) {
            assertTrue(store.transaction(() -> store.putEcg("e1", "p1", "v1", T, 60, Sex.FEMALE, "test", ecg("r1", 0))));
            assertFalse(store.transaction(() -> store.putEcg("e1", "p1", "v1", T, 60, Sex.FEMALE, "test", ecg("r1", 0))), "idempotent by ecgId");
            store.transaction(() -> {
                store.putEcg("e2", "p2", null, T, 61, Sex.MALE, "test", ecg("r2", 0)); // same samples: same SHA-256
                store.putVisit(new EdVisitRow("v1", "p1", T, true, 60, Sex.FEMALE), "h1", "R07.4", "test");
                store.putVisit(new EdVisitRow("v1", "p1", T, false, 60, Sex.FEMALE), "h1", "R10.4", "test"); // a correction replaces
                store.putOutcome(new DatasetStore.OutcomeRow("v1", true, "I21.4", T, T));
                return null;
            });
            // a failed transaction leaves nothing behind
            assertThrows(IllegalStateException.class, () -> store.transaction(() -> {
                store.putEcg("e3", "p3", null, T, 50, Sex.MALE, "test", ecg("r3", 1));
                throw new IllegalStateException("boom");
            }));
            assertFalse(store.contains("e3"));
        }
        try (DatasetStore store = DatasetStore.open(dir)) {
            var c = store.counts();
            assertEquals(2, c.ecgs());
            assertEquals(1, c.visits());
            assertEquals(0, c.chestPainVisits());
            assertEquals(1, c.amiOutcomes());
            assertEquals(store.ecgs().get(0).signalSha256(), store.ecgs().get(1).signalSha256(), "identical signals, identical digest");
            Ecg back = store.signal("e1");
            assertArrayEquals(ecg("r1", 0).leads().get(0).samples(), back.leads().get(0).samples());
            assertArrayEquals(ecg("r1", 0).leads().get(1).samples(), back.leads().get(1).samples());
            assertEquals(200, back.leads().get(1).gainPerMv());
            InputContract contract = new InputContract(List.of("I", "II"), 250, 500);
            try (PreparedSignals prepared = new PreparedSignals(store, contract)) {
                float[] out = new float[prepared.size()];
                prepared.read("e1", out, 0);
                assertEquals(contract.prepare(back)[0][17], out[17], 0f);
                prepared.read("e1", out, 0); // second read from the cache: the same numbers
                assertEquals(contract.prepare(back)[1][499], out[999], 0f);
            }
        }
    }

    @Test
    void theSimulatorsTruthIsKeptPerEcgAndAReimportReplacesIt(@TempDir Path dir) throws Exception {
        try (DatasetStore store = DatasetStore.open(dir)) {
            assertTrue(store.simulatedStMv().isEmpty(), "recorded data has none");
            store.transaction(() -> {
                store.putSimulatedTruth("e1", 0.3, "ACUTE", "ANTERIOR");
                store.putSimulatedTruth("e2", 0, "ACUTE", "INFERIOR"); // ECG-silent
                store.putSimulatedTruth("e3", 0, null, null); // no infarct
                store.putSimulatedTruth("e1", -0.05, "EVOLVING", "ANTERIOR");
                return null;
            });
        }
        try (DatasetStore store = DatasetStore.open(dir)) {
            assertEquals(java.util.Map.of("e1", -0.05, "e2", 0.0, "e3", 0.0), store.simulatedStMv());
        }
    }

    @Test
    void aDamagedSignalIsRefusedByItsChecksum(@TempDir Path dir) throws Exception {
        try (DatasetStore store = DatasetStore.open(dir)) {
            store.transaction(() -> store.putEcg("e1", "p1", null, T, 60, Sex.FEMALE, "test", ecg("r1", 0)));
        }
        try (FileChannel ch = FileChannel.open(dir.resolve("signals/segment-00000.bin"), StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{42}), 200);
        }
        try (DatasetStore store = DatasetStore.open(dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.signal("e1"));
            assertTrue(e.getMessage().contains("CRC-32") && e.getMessage().contains("e1"), e.getMessage());
        }
    }
}
