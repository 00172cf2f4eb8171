package org.edtriage.training.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ExperimentConfigTest {

    @Test
    void theTriagePresetIsThePapersProtocolWithAugmentation() {
        ExperimentConfig paper = ExperimentConfig.preset("nystrom", "x", "cnn20k-beat", "measurements-agesex", 1);
        ExperimentConfig triage = ExperimentConfig.preset("triage", "x", "cnn20k-beat", "measurements-agesex", 1);
        assertEquals(Recipe.PAPER, paper.recipe());
        assertEquals(Schedule.constant(1e-4), paper.stage3().schedule(), "the paper's stage 3");
        assertEquals(ExperimentConfig.TRIAGE_RECIPE, triage.recipe());
        // everything else is the paper's: budgets, schedules (stage 3 at a constant 1e-4: a one-cycle stage 3 helped at
        // 10 % of the target visits and hurt at 100 %, ecg-training README), patience, batch sizes
        assertEquals(paper.pretrain(), triage.pretrain());
        assertEquals(paper.stage2(), triage.stage2());
        assertEquals(paper.stage3(), triage.stage3());
        assertEquals(paper.scratch(), triage.scratch());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentConfig.preset("fast", "x", "cnn20k", "none", 1));
        assertTrue(e.getMessage().contains("'fast'"), e.getMessage());
    }
}
