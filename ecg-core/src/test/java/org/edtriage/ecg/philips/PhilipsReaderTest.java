package org.edtriage.ecg.philips;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.LeadName;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.SharedData;
import org.edtriage.ecg.vendorxml.Einthoven;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhilipsReaderTest {
    static final String SHARED_FILE = "vendor-xml/philips/2020-5-18_15-48-11.xml";
    private static final PhilipsReader UTC = new PhilipsReader();

    // --- the real export in ../shared/data (read in place) ---

    /**
     * PageWriter TC, document version 1.04.01, UTF-16: 12 leads at 500 Hz, 5 µV per unit, 11 s per channel
     * of which the last 0.4 s are the calibration mark (cut off: 5,300 of 5,500 samples remain).
     */
    @Test
    void readsTheSharedPhilipsExport() throws Exception {
        Path file = SharedData.require(SHARED_FILE);
        Ecg ecg = UTC.read(file);
        assertEquals("2020-5-18_15-48-11.xml", ecg.recordName());
        assertEquals(LeadName.STANDARD_12, ecg.leadNames());
        assertEquals(500, ecg.samplingRateHz());
        assertEquals(5300, ecg.samplesPerLead(), "5,500 stored (11,000 ms) less the 400-sample calibration tail");
        assertEquals(Instant.parse("2020-05-18T15:48:11Z"), ecg.acquiredAt(), "cart time read as UTC by default");
        assertEquals(69, ecg.ageYears(), "dateofbirth 1951-01-01 at 2020-05-18, not defaultage 50");
        assertEquals(Sex.UNKNOWN, ecg.sex());
        Lead i = ecg.lead("I").orElseThrow();
        Lead ii = ecg.lead("II").orElseThrow();
        assertEquals(200, i.gainPerMv(), 1e-12, "5 µV per unit");
        assertArrayEquals(new int[]{-2, -1, 0, -1, -1, -3}, Arrays.copyOf(i.samples(), 6));
        assertArrayEquals(new int[]{139, 137, 134, 129, 129, 127}, Arrays.copyOf(ii.samples(), 6));
        assertArrayEquals(new int[]{34, 32, 29, 27, 23, 18}, Arrays.copyOf(ecg.lead("V3").orElseThrow().samples(), 6));
        for (Lead lead : ecg.leads()) {
            float[] mv = lead.millivolts();
            double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
            for (float v : mv) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(max - min > 0.3 && max - min < 3, lead.name() + ": peak to peak " + (max - min) + " mV");
            assertTrue(Math.abs(min) < 2.5 && Math.abs(max) < 2.5, lead.name() + ": " + min + " … " + max + " mV");
        }
        Einthoven.assertLimbLeads(ecg);
        // the document's own <meanventrate> is 64/min: the R peaks of lead II must agree
        assertEquals(64, beatsPerMinute(ii, 500), 1.5);
    }

    @Test
    void theSiteZoneTurnsTheCartsWallClockIntoTheInstant() throws Exception {
        byte[] xml = Files.readAllBytes(SharedData.require(SHARED_FILE));
        Ecg ecg = new PhilipsReader(ZoneId.of("America/Chicago")).read(xml, "philips.xml");
        assertEquals(Instant.parse("2020-05-18T20:48:11Z"), ecg.acquiredAt(), "15:48:11 CDT");
        Ecg fromStream = UTC.read(new ByteArrayInputStream(xml), "philips.xml");
        assertArrayEquals(UTC.read(xml, "x").lead("V5").orElseThrow().samples(), fromStream.lead("V5").orElseThrow().samples());
    }

    @Test
    void aCorruptedXliPayloadInTheSharedExportIsRefusedByName() throws Exception {
        String xml = PhilipsDocuments.text(Files.readAllBytes(SharedData.require(SHARED_FILE)));
        // the first code of lead I's LZW data made 1000, with only the 256 byte values defined yet
        PhilipsFormatException code = refusedIn(xml, "xli", p -> {
            p[8] = (byte) 0xFA;
            p[9] = (byte) (p[9] & 0x3F);
            return p;
        });
        assertTrue(code.getMessage().contains("lead I: code 1000 at bit 0 is not in the dictionary"), code.getMessage());
        // lead V2's chunk declares more bytes than remain
        PhilipsFormatException size = refusedIn(xml, "xli", p -> {
            int at = chunkOffset(p, 7);
            p[at + 3] = 0x7F;
            return p;
        });
        assertTrue(size.getMessage().contains("chunk 7 at byte"), size.getMessage());
        // the payload cut in the middle of lead V4: too few chunks, or a size beyond the data
        refusedIn(xml, "xli", p -> Arrays.copyOf(p, chunkOffset(p, 9) + 100));
        refusedIn(xml, "xli", p -> Arrays.copyOf(p, chunkOffset(p, 9)));
    }

    // --- documents built here ---

    @Test
    void readsASyntheticDocumentRestoringEveryResidualLead() {
        int[][] actual = PhilipsDocuments.unrelatedLeads(PhilipsDocuments.SAMPLES);
        Ecg ecg = UTC.read(PhilipsDocuments.utf16(PhilipsDocuments.document(actual)), "syn.xml");
        assertEquals(LeadName.STANDARD_12, ecg.leadNames());
        assertEquals(PhilipsDocuments.RATE, ecg.samplingRateHz());
        assertEquals(PhilipsDocuments.SAMPLES, ecg.samplesPerLead(), "no calibration tail: nothing cut");
        assertEquals(67, ecg.ageYears(), "<years>, not defaultage");
        assertEquals(Sex.FEMALE, ecg.sex());
        assertEquals(Instant.parse("2026-11-22T08:15:30Z"), ecg.acquiredAt());
        for (int l = 0; l < 12; l++) {
            assertArrayEquals(actual[l], ecg.leads().get(l).samples(), LeadName.STANDARD_12.get(l));
            assertEquals(200, ecg.leads().get(l).gainPerMv(), 1e-12);
        }
        assertEquals(Instant.parse("2026-11-22T07:15:30Z"), new PhilipsReader(ZoneId.of("Europe/Stockholm"))
                .read(PhilipsDocuments.utf16(PhilipsDocuments.document(actual)), "syn.xml").acquiredAt());
    }

    @Test
    void cutsTheCalibrationTailAndOnlyThat() {
        int[][] actual = PhilipsDocuments.physicalLeadsWithCalibration(900, 50, 100);
        Ecg ecg = UTC.read(PhilipsDocuments.utf16(PhilipsDocuments.document(actual)), "cal.xml");
        assertEquals(900, ecg.samplesPerLead(), "1,100 stored less 50 + 100 + 50 of calibration");
        for (int l = 0; l < 12; l++) {
            assertArrayEquals(Arrays.copyOf(actual[l], 900), ecg.leads().get(l).samples(), LeadName.STANDARD_12.get(l));
        }
        Einthoven.assertLimbLeads(ecg);
        // a pulse of another height, or one not preceded by zeros, is not the calibration mark: kept
        int[][] notOneMv = PhilipsDocuments.physicalLeadsWithCalibration(900, 50, 100);
        for (int[] lead : notOneMv) {
            Arrays.fill(lead, 950, 1050, 199);
        }
        assertEquals(1100, UTC.read(PhilipsDocuments.utf16(PhilipsDocuments.document(notOneMv)), "x").samplesPerLead());
        assertEquals(1000, UTC.read(PhilipsDocuments.utf16(PhilipsDocuments.document(
                PhilipsDocuments.physicalLeadsWithCalibration(900, 0, 100))), "x").samplesPerLead());
    }

    @Test
    void readsUtf8AndOtherAgeUnits() {
        String xml = PhilipsDocuments.document(PhilipsDocuments.unrelatedLeads(300));
        assertEquals(12, UTC.read(xml.replace("utf-16", "UTF-8").getBytes(StandardCharsets.UTF_8), "utf8.xml").leads().size());
        UnaryOperator<String> age = a -> xml.replace("<years>67</years>", a);
        assertEquals(2, read(age.apply("<months>30</months>")).ageYears());
        assertEquals(0, read(age.apply("<days>40</days>")).ageYears());
        assertEquals(74, read(age.apply("<dateofbirth>1951-11-23</dateofbirth>")).ageYears(), "a day short of 75");
        assertNull(read(age.apply("")).ageYears(), "defaultage alone is no age");
        assertNull(read(xml.replace(" date=\"2026-11-22\" time=\"08:15:30\" statflag", " statflag")
                .replace("<years>67</years>", "<dateofbirth>1951-11-23</dateofbirth>")).ageYears(), "no acquisition date");
        Ecg sampling = read(xml.replace("samplespersecond=\"500\"", "").replace("<samplingrate>500<", "<samplingrate>500.0<"));
        assertEquals(500, sampling.samplingRateHz(), "signalcharacteristics when the attribute is absent");
    }

    @Test
    void refusesWhatIsNotAReadablePhilipsDocumentByName() {
        String xml = PhilipsDocuments.document(PhilipsDocuments.unrelatedLeads(300));
        refused("root", "<?xml version=\"1.0\"?><RestingECG/>");
        refused("xml", "<restingecgdata><documentinfo></restingecgdata>");
        refused("xml", xml.replace("<restingecgdata", "<!DOCTYPE restingecgdata SYSTEM \"x.dtd\"><restingecgdata"));
        refused("version", xml.replace("<documentversion>1.04.01<", "<documentversion>1.05<"));
        refused("version", xml.replace("<documentversion>1.04.01</documentversion>", ""));
        refused("version", xml.replace("<documenttype>PhilipsECG<", "<documenttype>OtherECG<"));
        refused("waveforms", xml.replace("parsedwaveforms", "unparsedwaveforms"));
        refused("encoding", xml.replace("dataencoding=\"Base64\"", "dataencoding=\"Hex\""));
        refused("compression", xml.replace("compression=\"XLI\"", "compression=\"Huffman\""));
        refused("compression", xml.replace("compression=\"XLI\"", ""));
        refused("sample count", xml.replace("durationperchannel=\"600\"", "durationperchannel=\"602\""));
        refused("sample count", xml.replace("durationperchannel=\"600\"", "durationperchannel=\"601\""));
        refused("sample count", xml.replace("durationperchannel=\"600\"", "durationperchannel=\"99999999\""));
        refused("sample count", xml.replace("durationperchannel=\"600\"", "durationperchannel=\"-600\""));
        refused("leads", xml.replace("numberofleads=\"12\"", "numberofleads=\"11\""));
        refused("leads", xml.replace("leadlabels=\"I II III", "leadlabels=\"I I III"));
        refused("leads", xml.replace("leadlabels=\"I II III aVR aVL aVF V1", "leadlabels=\"I II X1 X2 X3 aVF V1"));
        refused("sample rate", xml.replace("samplespersecond=\"500\"", "samplespersecond=\"0\""));
        refused("sample rate", xml.replace("samplespersecond=\"500\"", "").replace("<samplingrate>500</samplingrate>", ""));
        refused("resolution", xml.replace("resolution=\"5\"", "resolution=\"-5\""));
        refused("offset", xml.replace("signaloffset=\"0\"", "signaloffset=\"2048\""));
        refused("base64", xml.replaceFirst("(bitspersample=\"16\">)[A-Za-z0-9+/]", "$1*"));
        refused("date", xml.replace("date=\"2026-11-22\" time=\"08:15:30\" statflag", "date=\"22-11-2026\" time=\"08:15:30\" statflag"));
        refused("age", xml.replace("<years>67</years>", "<years>sixty</years>"));
        refused("age", xml.replace("<years>67</years>", "<dateofbirth>2027-01-01</dateofbirth>"));
    }

    @Test
    void refusesCorruptXliInASyntheticDocumentByName() {
        int[][] stored = PhilipsDocuments.stored(PhilipsDocuments.unrelatedLeads(300));
        byte[] payload = PhilipsDocuments.payload(stored, 0);
        PhilipsFormatException tooFew = refused("xli", PhilipsDocuments.document(Arrays.copyOf(payload, chunkOffset(payload, 11)), 300));
        assertTrue(tooFew.getMessage().contains("11 chunks for 12 leads"), tooFew.getMessage());
        refused("xli", PhilipsDocuments.document(Arrays.copyOf(payload, chunkOffset(payload, 11) + 5), 300));
        byte[] badCode = payload.clone();
        int v1 = chunkOffset(payload, 6);
        badCode[v1 + 8] = (byte) 0xFF;
        badCode[v1 + 9] = (byte) 0x00; // code 1020: far beyond the 256 entries defined
        PhilipsFormatException code = refused("xli", PhilipsDocuments.document(badCode, 300));
        assertTrue(code.getMessage().contains("lead V1: code 1020"), code.getMessage());
        // a chunk that ends early decodes to too few samples
        byte[] shortChunk = PhilipsDocuments.payload(new int[][]{new int[299]}, 0);
        byte[] mixed = concat(Arrays.copyOf(payload, chunkOffset(payload, 11)), shortChunk);
        PhilipsFormatException samples = refused("sample count", PhilipsDocuments.document(mixed, 300));
        assertTrue(samples.getMessage().contains("lead V6 decodes to 598 bytes"), samples.getMessage());
        byte[] longChunk = PhilipsDocuments.payload(new int[][]{new int[400]}, 0);
        refused("sample count", PhilipsDocuments.document(concat(Arrays.copyOf(payload, chunkOffset(payload, 11)), longChunk), 300));
        // second differences that run out of 16 bits
        int[][] steep = PhilipsDocuments.stored(PhilipsDocuments.unrelatedLeads(300));
        steep[7] = new int[300];
        for (int t = 0; t < 300; t++) {
            steep[7][t] = t * 200;
        }
        refused("xli", PhilipsDocuments.document(PhilipsDocuments.payload(steep, 0), 300));
    }

    @Test
    void refusesDocumentsOverTheSizeBound() throws Exception {
        byte[] xml = PhilipsDocuments.utf16(PhilipsDocuments.document(PhilipsDocuments.unrelatedLeads(300)));
        PhilipsReader small = new PhilipsReader(ZoneOffset.UTC, xml.length - 1);
        assertEquals("size", assertThrows(PhilipsFormatException.class, () -> small.read(xml, "big.xml")).check());
        assertEquals("size", assertThrows(PhilipsFormatException.class,
                () -> small.read(new ByteArrayInputStream(xml), "big.xml")).check());
        assertEquals(12, new PhilipsReader(ZoneOffset.UTC, xml.length).read(new ByteArrayInputStream(xml), "fits.xml").leads().size());
    }

    // --- helpers ---

    /** Beats per minute from the R peaks: local maxima above 60 % of the lead's range, at least 250 ms apart. */
    static double beatsPerMinute(Lead lead, double rate) {
        int[] s = lead.samples();
        int min = Arrays.stream(s).min().orElseThrow(), max = Arrays.stream(s).max().orElseThrow();
        double threshold = min + 0.6 * (max - min);
        List<Integer> peaks = new ArrayList<>();
        for (int t = 1; t + 1 < s.length; t++) {
            boolean peak = s[t] > threshold && s[t] >= s[t - 1] && s[t] > s[t + 1];
            if (peak && (peaks.isEmpty() || t - peaks.get(peaks.size() - 1) > 0.25 * rate)) {
                peaks.add(t);
            }
        }
        assertTrue(peaks.size() >= 5, "R peaks: " + peaks);
        return 60 * rate * (peaks.size() - 1) / (peaks.get(peaks.size() - 1) - peaks.get(0));
    }

    /** Where chunk {@code index} starts in an XLI payload, following the headers' sizes. */
    static int chunkOffset(byte[] payload, int index) {
        int at = 0;
        for (int k = 0; k < index; k++) {
            at += 8 + ((payload[at] & 0xff) | (payload[at + 1] & 0xff) << 8 | (payload[at + 2] & 0xff) << 16 | (payload[at + 3] & 0xff) << 24);
        }
        return at;
    }

    /** The document with its parsed waveforms' payload decoded, changed, and encoded again. */
    static String withPayload(String xml, UnaryOperator<byte[]> change) {
        int open = xml.indexOf('>', xml.indexOf("<parsedwaveforms")) + 1;
        int close = xml.indexOf("</parsedwaveforms>");
        byte[] payload = Base64.getMimeDecoder().decode(xml.substring(open, close));
        return xml.substring(0, open) + Base64.getMimeEncoder().encodeToString(change.apply(payload)) + xml.substring(close);
    }

    private static PhilipsFormatException refusedIn(String xml, String check, UnaryOperator<byte[]> change) {
        return refused(check, withPayload(xml, change));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Ecg read(String xml) {
        return UTC.read(PhilipsDocuments.utf16(xml), "syn.xml");
    }

    private static PhilipsFormatException refused(String check, String xml) {
        PhilipsFormatException e = assertThrows(PhilipsFormatException.class, () -> read(xml));
        assertEquals(check, e.check(), e.getMessage());
        return e;
    }
}
