package org.edtriage.ecg.edf;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.documents.EcgDocuments;
import org.edtriage.ecg.hl7.OruEcg;
import org.edtriage.ecg.hl7.OruMapper;
import org.edtriage.ecg.hl7.OruShape;
import org.edtriage.ecg.hl7.OruWriter;
import org.edtriage.ecg.hl7.PatientIdentity;
import org.edtriage.ecg.vendorxml.DocumentFuzz;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EdfReaderTest {
    private static final EdfReader READER = new EdfReader(ZoneOffset.UTC);
    private static final int PER_RECORD = 100, RECORDS = 3;

    /** A lead in 0.1 µV steps (zero exactly on a digital value), stored as a saw tooth of ±2 mV. */
    private static EdfFiles.Signal microvolts(String label) {
        short[] x = new short[PER_RECORD * RECORDS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (short) ((i % 50 - 25) * 800);
        }
        return new EdfFiles.Signal(label, "uV", -3276.8, 3276.7, -32768, 32767, PER_RECORD, x);
    }

    /** A lead in millivolts whose scaling puts zero half-way between two digital values (baseline -0.5). */
    private static EdfFiles.Signal millivolts(String label, double physMin, double physMax) {
        short[] x = new short[PER_RECORD * RECORDS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (short) (i % 7 * 100 - 300);
        }
        return new EdfFiles.Signal(label, "mV", physMin, physMax, -2048, 2047, PER_RECORD, x);
    }

    private static EdfFiles.Signal other(String label, String units, int perRecord) {
        return new EdfFiles.Signal(label, units, -1, 1, -32768, 32767, perRecord, new short[perRecord * RECORDS]);
    }

    private static byte[] edfPlus(List<EdfFiles.Signal> signals) {
        return EdfFiles.write("MCH-0234567 F 02-MAY-1951 Haagse_Harry", "Startdate 05-MAR-2002 EMR-1 tech cart", "05.03.02",
                "14.50.55", "EDF+C", RECORDS, "0.4", signals);
    }

    private static final List<EdfFiles.Signal> STANDARD = List.of(microvolts("ECG I"), millivolts("ECG V1", -5, 5),
            other("Resp chest", "mV", 10), other("EDF Annotations", "", 30));

    @Test
    void readsTheEcgSignalsOfAnEdfPlusRecordingWithTheirScalingPatientAndStart() {
        Ecg ecg = READER.read(edfPlus(STANDARD), "cart-17");
        assertEquals(List.of("I", "V1"), ecg.leadNames(), "the ECG signals only: respiration and annotations are no leads");
        assertEquals(250.0, ecg.samplingRateHz(), 1e-9);
        assertEquals(PER_RECORD * RECORDS, ecg.samplesPerLead());
        Lead i = ecg.leads().get(0), v1 = ecg.leads().get(1);
        // 0.1 µV steps: the stored value exactly; a saw tooth sample of (i % 50 - 25) × 800 steps
        assertEquals((7 % 50 - 25) * 800 / 10_000.0, i.millivolts(7), 1e-12);
        assertEquals(0, i.baseline());
        // 10 mV over 4095 steps, zero between two of them: within half a step of the scaling's value
        double step = 10.0 / 4095;
        for (int k = 0; k < 20; k++) {
            double exact = (k % 7 * 100 - 300 + 2048) * step - 5;
            assertEquals(exact, v1.millivolts(k), step / 2 + 1e-12, "sample " + k);
        }
        assertEquals(Instant.parse("2002-03-05T14:50:55Z"), ecg.acquiredAt());
        assertEquals(Sex.FEMALE, ecg.sex());
        assertEquals(50, ecg.ageYears(), "born 2 May 1951, recorded 5 March 2002");
        assertEquals(EcgDocuments.Kind.EDF, EcgDocuments.kind(edfPlus(STANDARD)));
    }

    @Test
    void edfPlusGivesTheYearItsFourDigitsAndPlainEdfReadsTwoDigitsFrom1985To2084() throws Exception {
        // after 2084 EDF+ writes "yy" in the start date field and the year only in its Startdate
        byte[] plus = EdfFiles.write("X X X X", "Startdate 05-MAR-2090 X X X", "05.03.yy", "08.00.00", "EDF+C", RECORDS, "0.4", List.of(microvolts("II")));
        assertEquals(Instant.parse("2090-03-05T08:00:00Z"), READER.read(plus, "p").acquiredAt());
        assertCheck("date", EdfFiles.write("X X X X", "Startdate X", "05.03.yy", "08.00.00", "EDF+C", RECORDS, "0.4", List.of(microvolts("II"))));
        assertCheck("date", EdfFiles.write("X X X X", "Startdate X", "5.3.999", "08.00.00", "EDF+C", RECORDS, "0.4", List.of(microvolts("II"))));
        for (String[] yy : new String[][]{{"84", "2084"}, {"85", "1985"}}) {
            byte[] plain = EdfFiles.write("patient 17, free text", "cart 3", "05.03." + yy[0], "08.00.00", "", RECORDS, "0.4",
                    List.of(microvolts("II"), microvolts("V5")));
            Ecg ecg = new EdfReader(ZoneId.of("Europe/Stockholm")).read(plain, "plain");
            assertEquals(Instant.parse(yy[1] + "-03-05T07:00:00Z"), ecg.acquiredAt(), "local time in the site's zone");
            assertEquals(List.of("II", "V5"), ecg.leadNames(), "without ECG labels every signal is a lead");
            assertEquals(Sex.UNKNOWN, ecg.sex());
            assertNull(ecg.ageYears());
        }
    }

    @Test
    void anInvertedScalingReadsTheSameMillivoltsAndAnUnknownRecordCountIsTakenFromTheData() {
        byte[] upright = edfPlus(List.of(millivolts("ECG V2", -5, 5)));
        byte[] inverted = EdfFiles.write("X X X X", "Startdate X", "05.03.02", "14.50.55", "EDF+C", -1, "0.4",
                List.of(millivolts("ECG V2", 5, -5)));
        Lead a = READER.read(upright, "a").leads().get(0), b = READER.read(inverted, "b").leads().get(0);
        assertEquals(a.length(), b.length());
        double step = 10.0 / 4095;
        for (int k = 0; k < a.length(); k++) {
            // the scaling's value of the stored digital value, negated when inverted; each baseline rounded by half a step
            double exact = (k % 7 * 100 - 300 + 2048) * step - 5;
            assertEquals(exact, a.millivolts(k), step / 2 + 1e-12, "sample " + k);
            assertEquals(-exact, b.millivolts(k), step / 2 + 1e-12, "sample " + k);
        }
        // the lowest digital value, inverted, still fits the event contract's 16 bits
        short[] extreme = new short[PER_RECORD * RECORDS];
        extreme[0] = Short.MIN_VALUE;
        Lead v3 = READER.read(edfPlus(List.of(new EdfFiles.Signal("ECG V3", "uV", 3276.7, -3276.8, -32768, 32767, PER_RECORD, extreme))), "v3")
                .leads().get(0);
        assertTrue(v3.fitsInt16());
        assertEquals(3.2767, v3.millivolts(0), 1e-12);
        assertEquals(-1e-4, v3.millivolts(1), 1e-12, "digital 0 is -0.1 µV in this scaling");
    }

    @Test
    void refusesWhatItCannotReadByTheFailedCheck() {
        byte[] good = edfPlus(STANDARD);
        byte[] bdf = good.clone();
        bdf[0] = (byte) 0xFF;
        System.arraycopy("BIOSEMI".getBytes(StandardCharsets.US_ASCII), 0, bdf, 1, 7);
        assertCheck("version", bdf);
        assertCheck("discontinuous", EdfFiles.write("X X X X", "Startdate X", "05.03.02", "14.50.55", "EDF+D", RECORDS, "0.4", STANDARD));
        assertCheck("data size", Arrays.copyOf(good, good.length - 1));
        assertCheck("data size", Arrays.copyOf(good, good.length + 2));
        assertCheck("number", EdfFiles.write("X X X X", "Startdate X", "05.03.02", "14.50.55", "EDF+C", RECORDS, "0,4", STANDARD));
        assertCheck("date", EdfFiles.write("X X X X", "Startdate X", "31.02.02", "14.50.55", "EDF+C", RECORDS, "0.4", STANDARD));
        assertCheck("units", edfPlus(List.of(microvolts("ECG I"), other("ECG II", "degC", PER_RECORD))));
        assertEquals(List.of("I", "II"), READER.read(edfPlus(List.of(microvolts("ECG I"), other("ECG II", "UV", PER_RECORD))), "uv").leadNames(),
                "plain EDF writers' upper-case units");
        assertCheck("sample rate", edfPlus(List.of(microvolts("ECG I"), other("ECG II", "mV", 50))));
        assertCheck("lead", edfPlus(List.of(microvolts("ECG I"), microvolts("ECG I"))));
        assertCheck("scaling", edfPlus(List.of(new EdfFiles.Signal("ECG I", "uV", -1, 1, 5, 5, PER_RECORD, new short[PER_RECORD * RECORDS]))));
        assertCheck("signals", edfPlus(List.of(other("EDF Annotations", "", 30))));
        assertCheck("header", Arrays.copyOf(good, 300));
        EcgDocuments.Refused refused = assertThrows(EcgDocuments.Refused.class,
                () -> new EcgDocuments(ZoneOffset.UTC).read(Arrays.copyOf(good, good.length - 1), "short.edf"));
        assertEquals("data size", refused.check());
        assertTrue(refused.getMessage().startsWith("EDF 'short.edf': data size failed:"), refused.getMessage());
    }

    /** An EDF sent whole in an ORU^R01 OBX of type ED (HL7 table 0291 subtype Octet-stream, base64) reads as the file does. */
    @Test
    void anEdfEmbeddedInAnOruIsReadAsTheSameEcg() {
        byte[] file = edfPlus(STANDARD);
        String message = OruWriter.writeDocument(file, "CTRL-EDF-1", new PatientIdentity("4711@HOSP", "V-1", null, Sex.UNKNOWN, "HOSP"),
                null, ZoneOffset.UTC);
        assertTrue(message.contains("^Application^Octet-stream^Base64^"), "the ED names its subtype");
        OruEcg read = new OruMapper(ZoneOffset.UTC).read(message);
        assertEquals(OruShape.EMBEDDED_DOCUMENT, read.shape());
        Ecg direct = READER.read(file, "direct");
        assertEquals(direct.leadNames(), read.ecg().leadNames());
        for (int k = 0; k < direct.leads().size(); k++) {
            assertArrayEquals(direct.leads().get(k).samples(), read.ecg().leads().get(k).samples());
        }
        assertEquals(direct.acquiredAt(), read.ecg().acquiredAt());
    }

    /** Bytes flipped, cut or deleted: an ECG or a named refusal, never another exception (EDF has no checksum to catch edited samples). */
    @Test
    void mutatedFilesReadOrAreRefusedByName() {
        byte[] seed = edfPlus(STANDARD);
        // mutations only cut or edit: what is read never holds more 16-bit samples than the seed's bytes
        DocumentFuzz.Counts c = DocumentFuzz.fuzz("EDF fuzz", READER::read, seed, 400, 3, DocumentFuzz::mutate,
                ecg -> assertTrue(2L * ecg.samplesPerLead() * ecg.leads().size() <= seed.length, ecg.leadNames() + " × " + ecg.samplesPerLead()));
        assertTrue(c.read() >= 20, "edits of samples still read: " + c);
        assertTrue(c.refused() >= 100, "cut and shifted files are refused: " + c);
    }

    private static void assertCheck(String check, byte[] file) {
        EdfFormatException e = assertThrows(EdfFormatException.class, () -> READER.read(file, "bad.edf"));
        assertEquals(check, e.check(), e.getMessage());
    }
}
