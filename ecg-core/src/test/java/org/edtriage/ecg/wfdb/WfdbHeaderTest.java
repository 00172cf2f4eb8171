package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Sex;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WfdbHeaderTest {
    private static final String SIGNAL = "\nr.dat 16 200/mV 16 0 0 0 0 I\n";

    @Test
    void readsAgeAndSexInEveryCommentConventionOfTheSharedData() {
        assertEquals(81, WfdbHeader.parse("r 1 500 10" + SIGNAL + "# age: 81\n# sex: female\n").age().orElseThrow());
        WfdbHeader mitStyle = WfdbHeader.parse("r 1 500 10" + SIGNAL + "# <age>: 25  <sex>: M  <diagnoses>: (none)\n");
        assertEquals(25, mitStyle.age().orElseThrow());
        assertEquals(Sex.MALE, mitStyle.sex());
        WfdbHeader capitalised = WfdbHeader.parse("r 1 500 10" + SIGNAL + "# Age: 78\n# Sex: Male\n");
        assertEquals(78, capitalised.age().orElseThrow());
        assertEquals(Sex.MALE, capitalised.sex());
        assertEquals(Sex.FEMALE, WfdbHeader.parse("r 1 500 10" + SIGNAL + "# sex: female\n").sex());
    }

    @Test
    void readsTheRecordLineFully() {
        WfdbHeader h = WfdbHeader.parse("rec 1 360/36(2) 650000 13:05:30.5 21/11/2026" + SIGNAL);
        assertEquals(360, h.samplingFrequency());
        assertEquals(650000, h.samplesPerSignal());
        assertEquals(LocalTime.of(13, 5, 30, 500_000_000), h.baseTime());
        assertEquals(LocalDate.of(2026, 11, 21), h.baseDate());
        WfdbSignalSpec s = WfdbHeader.parse("r 1 500 10\nr.dat 212x2:3+512 200(-12)/uV 12 5 7 99 0 lead II\n").signals().get(0);
        assertEquals(212, s.format());
        assertEquals(2, s.samplesPerFrame());
        assertEquals(3, s.skew());
        assertEquals(512, s.byteOffset());
        assertEquals(-12, s.baseline());
        assertEquals("uV", s.units());
        assertEquals(12, s.adcResolution());
        assertEquals(5, s.adcZero());
        assertEquals(7, s.initialValue());
        assertEquals(99, s.checksum());
        assertEquals("lead II", s.description());
    }

    @Test
    void readsTheChallenge2020RecordLineWithItsDateBeforeItsTimeAndNotesIt() {
        WfdbHeader h = WfdbHeader.parse("A0001 1 500 5000 05-May-2020 14:50:55" + SIGNAL);
        assertEquals(LocalDate.of(2020, 5, 5), h.baseDate());
        assertEquals(LocalTime.of(14, 50, 55), h.baseTime());
        assertEquals(1, h.notes().size());
        assertEquals("base date", h.notes().get(0).check());
        assertTrue(h.notes().get(0).detail().contains("05-May-2020"), h.notes().get(0).detail());
        assertEquals(LocalDate.of(2020, 2, 29), WfdbHeader.parse("A0002 1 500 10 29-FEB-2020" + SIGNAL).baseDate(), "month in any case, time optional");
        assertEquals(List.of(), WfdbHeader.parse("rec 1 360 10 13:05:30 21/11/2026" + SIGNAL).notes(), "the specification's order is no quirk");
    }

    @Test
    void readsANegativeGainAsAnInvertedSignal() {
        WfdbSignalSpec s = WfdbHeader.parse("r 1 500 10\nr.dat 16 -1000(5)/uV 16 0 0 0 0 V1\n").signals().get(0);
        assertEquals(-1000, s.gain());
        assertEquals(5, s.baseline());
    }

    @Test
    void refusesWhatItCannotRead() {
        WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> WfdbHeader.parse("r 2 500 10" + SIGNAL));
        assertEquals("header", e.check());
        assertThrows(WfdbFormatException.class, () -> WfdbHeader.parse("r 1 fast 10" + SIGNAL));
        assertThrows(WfdbFormatException.class, () -> WfdbHeader.parse("# only a comment\n"));
        assertEquals("header", assertThrows(WfdbFormatException.class,
                () -> WfdbHeader.parse("r 1 500 10 05-Mey-2020 14:50:55" + SIGNAL)).check(), "not a month");
        assertThrows(WfdbFormatException.class, () -> WfdbHeader.parse("r 1 500 10\nr.dat 16 -1e999 16 0 0 0 0 I\n"));
    }
}
