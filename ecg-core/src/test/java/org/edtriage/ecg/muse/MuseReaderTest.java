package org.edtriage.ecg.muse;

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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MuseReaderTest {
    static final String SHARED_FILE = "vendor-xml/ge-muse/muse_ecg1.xml";
    private static final MuseReader UTC = new MuseReader();

    // --- the real export in ../shared/data (read in place) ---

    @Test
    void readsTheSharedGeMuseExportWithDerivedLimbLeads() throws Exception {
        Path file = SharedData.require(SHARED_FILE);
        Ecg ecg = UTC.read(file);
        assertEquals("muse_ecg1.xml", ecg.recordName());
        assertEquals(LeadName.STANDARD_12, ecg.leadNames(), "8 stored leads + 4 derived, in standard order");
        assertEquals(500, ecg.samplingRateHz());
        assertEquals(5000, ecg.samplesPerLead(), "the 10 s rhythm, not the 600-sample median");
        assertEquals(60, ecg.ageYears());
        assertEquals(Sex.MALE, ecg.sex());
        assertEquals(Instant.parse("2021-05-10T13:15:18Z"), ecg.acquiredAt(), "site time read as UTC by default");
        Lead i = ecg.lead("I").orElseThrow();
        Lead ii = ecg.lead("II").orElseThrow();
        assertEquals(1000 / 4.88, i.gainPerMv(), 1e-9, "4.88 µV per unit");
        assertArrayEquals(new int[]{32, 32, 32, 32, 34}, java.util.Arrays.copyOf(i.samples(), 5));
        assertEquals(0.15616, i.millivolts(0), 1e-12);
        assertEquals(44, ii.samples()[0]);
        for (Lead lead : ecg.leads()) {
            float[] mv = lead.millivolts();
            double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
            for (float v : mv) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(max - min > 0.1 && max - min < 5, lead.name() + ": peak to peak " + (max - min) + " mV");
            assertTrue(Math.abs(min) < 3 && Math.abs(max) < 3, lead.name() + ": " + min + " … " + max + " mV");
        }
        Einthoven.assertLimbLeads(ecg);
    }

    @Test
    void theSiteZoneTurnsMuseWallClockTimeIntoTheInstant() throws Exception {
        byte[] xml = Files.readAllBytes(SharedData.require(SHARED_FILE));
        Ecg ecg = new MuseReader(ZoneId.of("America/New_York")).read(xml, "muse_ecg1.xml");
        assertEquals(Instant.parse("2021-05-10T17:15:18Z"), ecg.acquiredAt(), "13:15:18 EDT");
        Ecg fromStream = UTC.read(new ByteArrayInputStream(xml), "muse_ecg1.xml");
        assertArrayEquals(UTC.read(xml, "x").lead("V3").orElseThrow().samples(), fromStream.lead("V3").orElseThrow().samples());
    }

    @Test
    void aFlippedBase64CharacterInTheSharedExportIsACrc32Rejection() throws Exception {
        String xml = new String(Files.readAllBytes(SharedData.require(SHARED_FILE)), StandardCharsets.ISO_8859_1);
        int rhythm = xml.indexOf("<WaveformType>Rhythm");
        int v3 = xml.indexOf("<LeadID>V3</LeadID>", rhythm);
        int at = xml.indexOf("<WaveFormData>", v3) + "<WaveFormData>".length() + 200;
        MuseFormatException e = assertThrows(MuseFormatException.class,
                () -> UTC.read(flipBase64(xml, at).getBytes(StandardCharsets.ISO_8859_1), "muse_ecg1.xml"));
        assertEquals("crc32", e.check(), e.getMessage());
        assertTrue(e.getMessage().contains("lead V3"), e.getMessage());
    }

    // --- documents built here ---

    @Test
    void readsASyntheticExportAndDerivesTheLimbLeads() {
        Ecg ecg = UTC.read(bytes(MuseDocuments.document()), "syn.xml");
        assertEquals(LeadName.STANDARD_12, ecg.leadNames());
        assertEquals(MuseDocuments.RATE, ecg.samplingRateHz());
        assertEquals(MuseDocuments.SAMPLES, ecg.samplesPerLead(), "rhythm, not the median after which it comes");
        assertEquals(67, ecg.ageYears());
        assertEquals(Sex.FEMALE, ecg.sex());
        assertEquals(Instant.parse("2026-11-22T08:15:30Z"), ecg.acquiredAt());
        for (int l = 0; l < MuseDocuments.EIGHT.size(); l++) {
            short[] expected = MuseDocuments.samples(l, MuseDocuments.SAMPLES);
            int[] got = ecg.lead(MuseDocuments.EIGHT.get(l)).orElseThrow().samples();
            for (int t = 0; t < expected.length; t++) {
                assertEquals(expected[t], got[t], MuseDocuments.EIGHT.get(l) + " sample " + t);
            }
        }
        Einthoven.assertLimbLeads(ecg);
        assertEquals(Instant.parse("2026-11-22T07:15:30Z"),
                new MuseReader(ZoneId.of("Europe/Stockholm")).read(bytes(MuseDocuments.document()), "syn.xml").acquiredAt());
    }

    @Test
    void keepsTwelveStoredLeadsAndReadsOtherAgeUnits() {
        List<String> twelve = new ArrayList<>();
        for (int l = 0; l < 12; l++) {
            twelve.add(MuseDocuments.leadData(LeadName.STANDARD_12.get(l).toUpperCase(), MuseDocuments.samples(l, 300)));
        }
        String xml = MuseDocuments.document(MuseDocuments.waveform("Rhythm", twelve))
                .replace("<PatientAge>67</PatientAge>", "<PatientAge>30</PatientAge>")
                .replace("<AgeUnits>YEARS</AgeUnits>", "<AgeUnits>MONTHS</AgeUnits>");
        Ecg ecg = UTC.read(bytes(xml), "twelve.xml");
        assertEquals(LeadName.STANDARD_12, ecg.leadNames(), "AVR → aVR …");
        assertEquals(MuseDocuments.samples(3, 300)[7], ecg.lead("aVR").orElseThrow().samples()[7], "stored aVR kept, not derived");
        assertEquals(2, ecg.ageYears(), "30 months");
        assertNull(UTC.read(bytes(xml.replace("MONTHS", "FORTNIGHTS")), "x").ageYears(), "unknown age units: no age");
    }

    @Test
    void aChangedBase64CharacterIsACrc32RejectionNamingTheLead() {
        String xml = MuseDocuments.document();
        int v5 = xml.indexOf("<LeadID>V5</LeadID>", xml.indexOf("<WaveformType>Rhythm"));
        MuseFormatException e = refused("crc32", flipBase64(xml, xml.indexOf("<WaveFormData>", v5) + 40));
        assertTrue(e.getMessage().contains("lead V5"), e.getMessage());
        assertEquals("syn.xml", e.document());
    }

    @Test
    void refusesWhatIsNotAReadableMuseRhythmByName() {
        String xml = MuseDocuments.document();
        String rhythm = xml.substring(xml.indexOf("<WaveformType>Rhythm"));
        refused("root", "<?xml version=\"1.0\"?><AnnotatedECG xmlns=\"urn:hl7-org:v3\"/>");
        refused("xml", "<RestingECG><Waveform></RestingECG>");
        refused("xml", "<?xml version='1.0' encoding='NO-SUCH-9'?><RestingECG/>");
        refused("rhythm", xml.replace("<WaveformType>Rhythm", "<WaveformType>Unknown"));
        refused("rhythm", MuseDocuments.document(MuseDocuments.waveform("Rhythm", List.of())));
        refused("lead data", xml.replaceFirst("(?s)(<WaveformType>Rhythm.*?<WaveFormData>).*?(</WaveFormData>)", "$1\n   $2"));
        refused("lead data", xml.replaceFirst("(?s)(<WaveformType>Rhythm.*?)<WaveFormData>.*?</WaveFormData>", "$1"));
        refused("sample count", xml.replaceFirst("(?s)(<WaveformType>Rhythm.*?<LeadSampleCountTotal>)1000<", "$1999<"));
        refused("byte count", xml.replaceFirst("(?s)(<WaveformType>Rhythm.*?<LeadByteCountTotal>)2000<", "$11998<"));
        refused("units", xml.replaceFirst("(?s)(<WaveformType>Rhythm.*?<LeadAmplitudeUnits>)MICROVOLTS<", "$1MILLIBARS<"));
        refused("units", xml.replaceFirst("(?s)(<WaveformType>Rhythm.*?<LeadAmplitudeUnitsPerBit>)4.88<", "$1-4.88<"));
        refused("crc32", xml.replaceFirst("(?s)(<WaveformType>Rhythm.*?<LeadDataCRC32>)\\d+<", "$1x<"));
        refused("base64", xml.replaceFirst("(?s)(<WaveformType>Rhythm.*?<WaveFormData>\\s*)[A-Za-z0-9+/]", "$1*"));
        refused("lead", xml.replaceFirst("(?s)(<WaveformType>Rhythm.*?<LeadID>)V2<", "$1V1<"));
        refused("sample rate", xml.replaceFirst("(?s)(<WaveformType>Rhythm.*?<SampleBase>)500<", "$10<"));
        refused("date", xml.replace("11-22-2026", "2026-11-22"));
        refused("age", xml.replace("<PatientAge>67", "<PatientAge>sixty"));
        assertTrue(rhythm.contains("<LeadSampleCountTotal>1000<"), "the edits above hit the rhythm waveform");
    }

    @Test
    void neverReadsADtdAndRefusesEntityDeclarations() {
        String xml = MuseDocuments.document();
        // MUSE's own DOCTYPE is blanked, never fetched, even when it points somewhere
        String remote = xml.replace("SYSTEM \"restecg.dtd\"", "SYSTEM \"http://127.0.0.1:9/restecg.dtd\"");
        assertEquals(12, UTC.read(bytes(remote), "remote-dtd.xml").leads().size());
        String xxe = xml.replace("<!DOCTYPE RestingECG SYSTEM \"restecg.dtd\">",
                        "<!DOCTYPE RestingECG [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>")
                .replace("SYN0001", "&x;");
        refused("doctype", xxe);
        String laughs = xml.replace("<!DOCTYPE RestingECG SYSTEM \"restecg.dtd\">",
                "<!DOCTYPE RestingECG [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>");
        refused("doctype", laughs);
        // a DOCTYPE outside the prolog reaches the hardened parser, which refuses every DOCTYPE
        MuseFormatException late = refused("xml", "<!-- c --><?pi x?><RestingECG/><!DOCTYPE RestingECG SYSTEM \"restecg.dtd\">");
        assertNotEquals("doctype", late.check());
    }

    @Test
    void refusesDocumentsOverTheSizeBound() throws Exception {
        byte[] xml = bytes(MuseDocuments.document());
        MuseReader small = new MuseReader(ZoneOffset.UTC, xml.length - 1);
        assertEquals("size", assertThrows(MuseFormatException.class, () -> small.read(xml, "big.xml")).check());
        assertEquals("size", assertThrows(MuseFormatException.class,
                () -> small.read(new ByteArrayInputStream(xml), "big.xml")).check());
        assertEquals(12, new MuseReader(ZoneOffset.UTC, xml.length).read(new ByteArrayInputStream(xml), "fits.xml").leads().size());
    }

    // --- helpers ---

    /** The document with the base64 character at {@code at} replaced by another base64 character. */
    static String flipBase64(String xml, int at) {
        char c = xml.charAt(at);
        assertTrue(Character.isLetterOrDigit(c) || c == '+' || c == '/', "not in base64: '" + c + "'");
        return xml.substring(0, at) + (c == 'A' ? 'B' : 'A') + xml.substring(at + 1);
    }

    private static MuseFormatException refused(String check, String xml) {
        MuseFormatException e = assertThrows(MuseFormatException.class, () -> UTC.read(bytes(xml), "syn.xml"));
        assertEquals(check, e.check(), e.getMessage());
        return e;
    }

    static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.ISO_8859_1);
    }
}
