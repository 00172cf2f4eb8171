package org.edtriage.training.train;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

class OneCycleHorizonTest {

    @Test
    void withoutABudgetThePlannedEpochsStand() {
        OneCycleHorizon h = new OneCycleHorizon(30, null);
        assertEquals(30, h.afterEpoch(1, 1e6));
        assertEquals(30, h.afterEpoch(29, 1e9));
    }

    @Test
    void theScheduleIsFittedToTheEpochsTheBudgetAllowsAtTheMeanEpochAfterTheFirst() {
        // 30 planned epochs, 30 minutes; the first epoch prepares the inputs (290 s), the next take 170 s: after the
        // second (460 s) 1,340 s are left, 7 more epochs of 170 s fit, an 8th would end at 1,820 s
        OneCycleHorizon h = new OneCycleHorizon(30, Duration.ofMinutes(30));
        assertEquals(30, h.afterEpoch(1, 290), "one epoch, which prepared the inputs, is no estimate");
        assertEquals(9, h.afterEpoch(2, 460));
        assertEquals(9, h.afterEpoch(3, 630));
        // a budget that holds more epochs than planned does not lengthen the plan
        OneCycleHorizon roomy = new OneCycleHorizon(30, Duration.ofMinutes(60));
        roomy.afterEpoch(1, 150);
        assertEquals(30, roomy.afterEpoch(2, 250));
    }

    @Test
    void theHorizonOnlyShortensSoTheRateNeverClimbsBack() {
        OneCycleHorizon h = new OneCycleHorizon(30, Duration.ofMinutes(30));
        h.afterEpoch(1, 100);
        assertEquals(18, h.afterEpoch(2, 200)); // 2 + 1,600 / 100 = 18
        assertEquals(18, h.afterEpoch(3, 260)); // faster epochs now (80 s on average) would allow 21: the horizon stays
        assertEquals(6, h.afterEpoch(4, 1000)); // then slower, 300 s per epoch since the first: 4 + ⌊800 / 300⌋ = 6
    }

    @Test
    void aStagePastItsBudgetEndsAtTheEpochItHasDone() {
        OneCycleHorizon h = new OneCycleHorizon(30, Duration.ofMinutes(10));
        h.afterEpoch(1, 300);
        assertEquals(2, h.afterEpoch(2, 700));
        assertThrows(IllegalArgumentException.class, () -> new OneCycleHorizon(0, null));
    }
}
