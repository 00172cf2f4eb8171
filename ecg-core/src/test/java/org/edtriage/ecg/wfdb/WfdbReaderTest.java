package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.SharedData;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WfdbReaderTest {

    @Test
    void readsAPtbXlRecordWithItsUnsignedChecksums() throws Exception {
        Ecg ecg = WfdbReader.read(SharedData.require("ptb-xl-500/records500/00000/00001_hr.hea"));
        assertEquals("00001_hr", ecg.recordName());
        assertEquals(500, ecg.samplingRateHz());
        assertEquals(5000, ecg.samplesPerLead());
        assertEquals(List.of("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"), ecg.leadNames());
        assertEquals(-115, ecg.lead("I").orElseThrow().samples()[0]);
        assertEquals(-0.115, ecg.lead("I").orElseThrow().millivolts(0), 1e-9);
    }

    @Test
    void readsFormat212AndMitBihSignedChecksums() throws Exception {
        Ecg ecg = WfdbReader.read(SharedData.require("wfdb-samples/100.hea"));
        assertEquals(360, ecg.samplingRateHz());
        assertEquals(650000, ecg.samplesPerLead());
        assertEquals(List.of("MLII", "V5"), ecg.leadNames());
        assertEquals(995, ecg.leads().get(0).samples()[0]);
        assertEquals(200, ecg.leads().get(0).gainPerMv());
        assertEquals(1024, ecg.leads().get(0).baseline());
    }

    @Test
    void readsAgeAndSexFromPtbComments() throws Exception {
        Ecg ecg = WfdbReader.read(SharedData.require("wfdb-samples/s0010_re.hea"));
        assertEquals(81, ecg.ageYears());
        assertEquals(Sex.FEMALE, ecg.sex());
        assertEquals(15, ecg.leads().size());
    }

    @Test
    void refusesATruncatedDataFileByName() throws Exception {
        Path hea = SharedData.require("ptb-xl-500/records500/00000/00001_hr.hea");
        byte[] data = Files.readAllBytes(hea.resolveSibling("00001_hr.dat"));
        WfdbFormatException e = assertThrows(WfdbFormatException.class,
                () -> WfdbReader.read(Files.readAllBytes(hea), Arrays.copyOf(data, data.length - 2400)));
        assertEquals("data length", e.check());
        assertTrue(e.getMessage().contains("00001_hr"), e.getMessage());
    }

    @Test
    void refusesACorruptedSampleThroughTheChecksum() {
        WfdbWriter.WfdbFiles files = WfdbWriter.format16(generated());
        byte[] data = files.data().clone();
        data[2 * 12 * 100 + 4] ^= 0x10; // one sample of lead III, frame 100
        WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> WfdbReader.read(files.header(), data));
        assertEquals("checksum", e.check());
        assertTrue(e.getMessage().contains("III"), e.getMessage());
    }

    @Test
    void format16RecordsWrittenAreReadBackExactly() {
        Ecg original = generated();
        WfdbWriter.WfdbFiles files = WfdbWriter.format16(original);
        Ecg back = WfdbReader.read(files.header(), files.data());
        assertEquals(original.leadNames(), back.leadNames());
        assertEquals(original.samplingRateHz(), back.samplingRateHz());
        assertEquals(original.ageYears(), back.ageYears());
        assertEquals(original.sex(), back.sex());
        for (int i = 0; i < original.leads().size(); i++) {
            assertArrayEquals(original.leads().get(i).samples(), back.leads().get(i).samples());
            assertEquals(original.leads().get(i).gainPerMv(), back.leads().get(i).gainPerMv());
        }
    }

    @Test
    void ptbXlRecordIsRewrittenByteForByte() throws Exception {
        Path hea = SharedData.require("ptb-xl-500/records500/00000/00001_hr.hea");
        Ecg ecg = WfdbReader.read(hea);
        assertArrayEquals(Files.readAllBytes(hea.resolveSibling("00001_hr.dat")), WfdbWriter.format16(ecg).data());
    }

    private static Ecg generated() {
        return EcgSynthesizer.example("gen-1", Instant.parse("2026-01-01T00:00:00Z"), 10, 72, 0.2, 64, Sex.MALE, 7);
    }
}
