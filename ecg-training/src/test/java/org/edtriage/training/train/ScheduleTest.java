package org.edtriage.training.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ScheduleTest {

    @Test
    void theCommandLinesSchedulesParseAndAnythingElseIsRefusedByName() {
        assertEquals(Schedule.constant(1e-4), Schedule.parse("constant:1e-4"));
        assertEquals(Schedule.oneCycle(1e-3), Schedule.parse("onecycle:1e-3"));
        for (String bad : new String[]{"onecycle", "linear:1e-3", "constant:-1", "constant:fast", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void oneCycleWarmsUpToItsPeakThenDecaysToAHundredth() {
        Schedule s = Schedule.oneCycle(1e-3);
        assertEquals(1e-5, s.rate(0, 1000), 1e-12);
        assertEquals(1e-3, s.rate(100, 1000), 1e-12);
        assertEquals(1e-5, s.rate(1000, 1000), 1e-9);
        assertEquals(1e-4, Schedule.constant(1e-4).rate(500, 1000), 0);
    }
}
