package org.edtriage.training;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LabelledVisitTriggerTest {

    @Test
    void aCycleIsDueAfterNNewLabelsCountedFromStartOrTheLastCycle() {
        LabelledVisitTrigger trigger = new LabelledVisitTrigger(5, 100); // the store held 100 labels at start
        assertFalse(trigger.due(100), "labels from before the start do not count");
        assertFalse(trigger.due(104));
        assertTrue(trigger.due(105));
        trigger.cycleStarted(107);
        assertFalse(trigger.due(111), "counted again from the cycle's start");
        assertTrue(trigger.due(112));
    }

    @Test
    void zeroSwitchesItOffAndNegativeIsRefused() {
        LabelledVisitTrigger off = new LabelledVisitTrigger(0, 0);
        assertFalse(off.due(1_000_000));
        assertThrows(IllegalArgumentException.class, () -> new LabelledVisitTrigger(-1, 0));
    }
}
