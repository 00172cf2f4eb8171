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
    void theScheduleIsFittedToTheEpochsTheBudgetAllowsAtTheMeanEpochSoFar() {
        // 30 planned epochs, 30 minutes, 170 s per epoch: 10 epochs fit (1,700 s), an 11th would end at 1,870 s
        OneCycleHorizon h = new OneCycleHorizon(30, Duration.ofMinutes(30));
        assertEquals(10, h.afterEpoch(1, 170));
        assertEquals(10, h.afterEpoch(2, 340));
        // a budget that holds more epochs than planned does not lengthen the plan
        assertEquals(30, new OneCycleHorizon(30, Duration.ofMinutes(60)).afterEpoch(1, 100));
    }

    @Test
    void theHorizonOnlyShortensSoTheRateNeverClimbsBack() {
        OneCycleHorizon h = new OneCycleHorizon(30, Duration.ofMinutes(30));
        assertEquals(18, h.afterEpoch(1, 100)); // 1 + 1,700 / 100 = 18
        assertEquals(18, h.afterEpoch(2, 140)); // faster epochs now would allow 25: the horizon stays
        assertEquals(9, h.afterEpoch(4, 800)); // 200 s per epoch: 4 + 1,000 / 200 = 9
    }

    @Test
    void aStagePastItsBudgetEndsAtTheEpochItHasDone() {
        OneCycleHorizon h = new OneCycleHorizon(30, Duration.ofMinutes(10));
        assertEquals(3, h.afterEpoch(3, 700));
        assertThrows(IllegalArgumentException.class, () -> new OneCycleHorizon(0, null));
    }
}
