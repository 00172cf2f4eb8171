package org.edtriage.training.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class BodyProvenanceTest {

    private static LabelledSet set(String name, String... patients) {
        List<String> ids = java.util.Arrays.stream(patients).map(p -> p + "-ecg").toList();
        float[][] targets = new float[patients.length][1];
        return new LabelledSet(name, ids, List.of(patients), targets);
    }

    private static ExperimentData data() {
        return new ExperimentData(set("source train", "s1", "s2"), set("source validation", "s3"), set("train", "t1"), set("validation", "v1"),
                set("random test", "r1"), set("temporal test", "p1", "p2"), null, null, "test");
    }

    @Test
    void aBodyWhosePatientsStayOutOfTheEvaluationPartsIsAccepted(@TempDir Path body) throws Exception {
        BodyProvenance.write(body, Set.of("s1", "s2", "t1"));
        assertEquals(Optional.of(Set.of("s1", "s2", "t1")), BodyProvenance.read(body));
        BodyProvenance.requireUnseen(body, data()); // t1 is a target training patient: no evaluation is flattered
    }

    @Test
    void aBodyThatSawATestPatientIsRefusedNamingThePatientAndThePart(@TempDir Path body) throws Exception {
        BodyProvenance.write(body, Set.of("s1", "p2"));
        var refused = assertThrows(IllegalArgumentException.class, () -> BodyProvenance.requireUnseen(body, data()));
        assertTrue(refused.getMessage().contains("patient p2 in the temporal test"), refused.getMessage());
        BodyProvenance.write(body, Set.of("v1"));
        assertEquals(Optional.of("patient v1 in the validation"), BodyProvenance.seenInEvaluation(BodyProvenance.read(body).orElseThrow(), data()));
    }

    @Test
    void aBodyWithoutItsPatientListCannotBeCheckedAndIsRefused(@TempDir Path body) {
        assertEquals(Optional.empty(), assertDoesNotThrow(() -> BodyProvenance.read(body)));
        var refused = assertThrows(IllegalArgumentException.class, () -> BodyProvenance.requireUnseen(body, data()));
        assertTrue(refused.getMessage().contains(BodyProvenance.FILE), refused.getMessage());
    }
}
