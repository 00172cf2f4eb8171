package org.edtriage.ingest.wfdb;

import org.edtriage.schemas.KafkaConnection;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.edtriage.ecg.wfdb.WfdbWriter;
import org.edtriage.infra.KafkaBroker;
import org.edtriage.ingest.Pseudonymiser;
import org.edtriage.ingest.RealKafka;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EcgRecorded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WFDB records arriving as zip archives and through the hot folder, into a real broker. */
class WfdbIngestIT {
    private static RealKafka kafka;
    private static KafkaBroker broker;
    private static Topics topics;
    private static EventPublisher publisher;
    private static WfdbIngest ingest;

    @BeforeAll
    static void start() throws Exception {
        kafka = RealKafka.start("wfdb-it");
        broker = kafka.broker;
        topics = kafka.topics;
        publisher = new EventPublisher(KafkaConnection.plaintext(broker.bootstrapServers()), Duration.ofSeconds(10));
        ingest = new WfdbIngest(topics, publisher, new Pseudonymiser("test-key-0123456789"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        if (publisher != null) publisher.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void theHotFolderIngestsCompleteRecordsAndExplainsRejections(@TempDir Path inbox) throws Exception {
        Ecg good = EcgSynthesizer.example("cart0001", Instant.parse("2026-11-22T08:00:00Z"), 10, 70, 0, 60, Sex.MALE, 1);
        write(inbox, WfdbWriter.format16(good));
        Files.writeString(inbox.resolve("cart0001.id"), "patientId=MRN-42@HOSP\nvisitId=V-1\n");
        Ecg other = EcgSynthesizer.example("cart0002", Instant.parse("2026-11-22T08:01:00Z"), 10, 70, 0, 60, Sex.MALE, 2);
        WfdbWriter.WfdbFiles truncated = WfdbWriter.format16(other);
        Files.write(inbox.resolve("cart0002.hea"), truncated.header());
        Files.write(inbox.resolve("cart0002.dat"), Arrays.copyOf(truncated.data(), 1000));
        Files.write(inbox.resolve("cart0003.hea"), WfdbWriter.format16(
                EcgSynthesizer.example("cart0003", Instant.EPOCH, 10, 70, 0, 60, Sex.MALE, 3)).header()); // its .dat never comes

        HotFolder folder = new HotFolder(inbox, ingest, Duration.ofHours(1), Duration.ZERO, Duration.ZERO);
        try {
            folder.poll();
        } finally {
            folder.close();
        }
        assertTrue(Files.exists(inbox.resolve("done/cart0001.hea")));
        assertTrue(Files.exists(inbox.resolve("done/cart0001.dat")));
        assertTrue(Files.exists(inbox.resolve("done/cart0001.id")));
        assertTrue(Files.readString(inbox.resolve("rejected/cart0002.reason")).startsWith("data length"));
        assertTrue(Files.readString(inbox.resolve("rejected/cart0003.reason")).contains("incomplete record"));
        try (var left = Files.list(inbox)) {
            assertEquals(List.of("done", "rejected"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
        EcgRecorded stored = ecgs().stream().filter(e -> e.getSourceRef().equals("cart0001")).findFirst().orElseThrow();
        assertEquals("hot-folder", stored.getSource());
        assertEquals(new Pseudonymiser("test-key-0123456789").pseudonym("patient", "MRN-42@HOSP"), stored.getPatientId());
    }

    @Test
    void aMultiFileRecordArrivesAsAZip() throws Exception {
        // two data files (12 leads + 3 extra leads), as PTB's .dat/.xyz records have
        Ecg twelve = EcgSynthesizer.example("twofiles", Instant.parse("2026-11-22T08:00:00Z"), 10, 70, 0, 60, Sex.MALE, 5);
        WfdbWriter.WfdbFiles main = WfdbWriter.format16(twelve);
        Ecg extra = new Ecg("twofiles_xyz", 500, List.of(lead("vx", 5), lead("vy", 6), lead("vz", 7)), null, null, null);
        WfdbWriter.WfdbFiles xyz = WfdbWriter.format16(extra);
        String header = new String(main.header(), StandardCharsets.US_ASCII).replaceFirst("twofiles 12 ", "twofiles 15 ");
        String extraLines = new String(xyz.header(), StandardCharsets.US_ASCII).lines().skip(1).filter(l -> !l.startsWith("#"))
                .map(l -> l.replace("twofiles_xyz.dat", "twofiles.xyz")).reduce("", (a, b) -> a + b + "\n");
        header = header.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n") + extraLines;
        byte[] zip = zip(Map.of("rec/twofiles.hea", header.getBytes(StandardCharsets.US_ASCII), "rec/twofiles.dat", main.data(),
                "rec/twofiles.xyz", xyz.data()));

        WfdbArchive.Contents contents = WfdbArchive.read(zip, null);
        WfdbIngest.Result result = ingest.ingest(contents.headerFile(), contents.files(), "MRN-7", null, "test", WfdbIngest.SOURCE,
                new WfdbIngest.RawRecord(zip, "application/zip"));
        WfdbIngest.Accepted accepted = assertInstanceOf(WfdbIngest.Accepted.class, result);
        assertEquals(15, accepted.leads());

        // the same record as two loose files is refused with a pointer to the zip
        WfdbIngest.Result loose = ingest.ingest(header.getBytes(StandardCharsets.US_ASCII), main.data(), "MRN-7", null, "test");
        WfdbIngest.Rejected rejected = assertInstanceOf(WfdbIngest.Rejected.class, loose);
        assertTrue(rejected.reason().contains("zip"), rejected.reason());
    }

    @Test
    void aDocumentIsTakenOnlyOnceItStopsGrowingAndNeverWithAWfdbRecordsSidecar(@TempDir Path inbox) throws Exception {
        Path shared = Path.of(System.getProperty("triage.shared.data", "../../shared/data"));
        Path muse = shared.resolve("vendor-xml/ge-muse/muse_ecg1.xml");
        if (!Files.exists(muse)) {
            System.out.println("SKIPPED WfdbIngestIT.aDocumentIsTakenOnlyOnceItStopsGrowingAndNeverWithAWfdbRecordsSidecar: shared data not present at " + shared);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(muse), "shared data not present (test skipped)");
        // copied with its old modification time, as cp -p or rsync do: old enough, but not yet seen at one size twice
        Path copy = Files.copy(muse, inbox.resolve("late.xml"));
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        // a WFDB record and a document of the same name: whose would cart0009.id be?
        write(inbox, WfdbWriter.format16(EcgSynthesizer.example("clash", Instant.parse("2026-11-22T08:00:00Z"), 10, 70, 0, 60, Sex.MALE, 4)));
        Files.copy(muse, inbox.resolve("clash.xml"));
        HotFolder folder = new HotFolder(inbox, ingest, Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofMinutes(5));
        try {
            folder.poll();
            assertTrue(Files.exists(inbox.resolve("late.xml")), "the first poll only notes its size");
            folder.poll();
            assertTrue(Files.exists(inbox.resolve("done/late.xml")), "the same size again: taken");
        } finally {
            folder.close();
        }
        assertTrue(Files.readString(inbox.resolve("rejected/clash.xml.reason")).startsWith("name: clash.hea and clash.xml share the name"));
    }

    @Test
    void aHeaderThatMisstatesAnInitialValueIsReadAsRdsampReadsItAndFlagged() throws Exception {
        Ecg ecg = EcgSynthesizer.example("initval", Instant.parse("2026-11-22T08:00:00Z"), 10, 70, 0, 60, Sex.MALE, 8);
        WfdbWriter.WfdbFiles files = WfdbWriter.format16(ecg);
        // the first signal's initial value one off, as in the MIMIC record rdsamp reads and we refused
        List<String> lines = new java.util.ArrayList<>(new String(files.header(), StandardCharsets.US_ASCII).lines().toList());
        String[] f = lines.get(1).split(" ", 9);
        f[5] = Integer.toString(Integer.parseInt(f[5]) - 1);
        lines.set(1, String.join(" ", f));
        byte[] header = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
        WfdbIngest.Accepted accepted = assertInstanceOf(WfdbIngest.Accepted.class,
                ingest.ingest(header, files.data(), "MRN-8", null, "test"));
        EcgRecorded stored = ecgs().stream().filter(e -> e.getEcgId().equals(accepted.ecgId())).findFirst().orElseThrow();
        assertTrue(stored.getQualityFlags().contains("WFDB_INITIAL_VALUE:" + f[8].strip()), stored.getQualityFlags().toString());
    }

    @Test
    void ecgDocumentsFromManagementSystemsGoInThroughTheHotFolderAndBrokenOnesAreRefusedByName(@TempDir Path inbox) throws Exception {
        Path shared = Path.of(System.getProperty("triage.shared.data", "../../shared/data"));
        Path muse = shared.resolve("vendor-xml/ge-muse/muse_ecg1.xml");
        Path aecg = shared.resolve("aecg/HL7_2003-12_Example_aECG.xml");
        Path philips = shared.resolve("vendor-xml/philips/2020-5-18_15-48-11.xml");
        if (!Files.exists(muse) || !Files.exists(aecg) || !Files.exists(philips)) {
            System.out.println("SKIPPED WfdbIngestIT.ecgDocumentsFromManagementSystemsGoInThroughTheHotFolderAndBrokenOnesAreRefusedByName: "
                    + "shared data not present at " + shared);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(muse) && Files.exists(aecg) && Files.exists(philips),
                "shared data not present (test skipped)");
        // the real exports, dropped as an ECG management system would (a temporary inbox, not the project)
        Files.copy(muse, inbox.resolve("muse0001.xml"));
        Files.writeString(inbox.resolve("muse0001.id"), "patientId=MRN-77@HOSP\nvisitId=V-77\n");
        Files.copy(aecg, inbox.resolve("aecg0001.xml"));
        Files.copy(philips, inbox.resolve("philips0001.xml"));
        Files.writeString(inbox.resolve("philips0001.id"), "patientId=MRN-78@HOSP\n");
        // the same MUSE export with one character of rhythm lead V3's base64 changed: its CRC-32 no longer matches
        String text = Files.readString(muse, StandardCharsets.ISO_8859_1);
        int v3 = text.indexOf("<LeadID>V3</LeadID>", text.indexOf("<WaveformType>Rhythm"));
        int data = text.indexOf("<WaveFormData>", v3) + "<WaveFormData>".length() + 10;
        char flipped = text.charAt(data) == 'A' ? 'B' : 'A';
        Files.writeString(inbox.resolve("muse0002.xml"), text.substring(0, data) + flipped + text.substring(data + 1), StandardCharsets.ISO_8859_1);
        Files.writeString(inbox.resolve("notes.xml"), "<shopping><item>milk</item></shopping>");

        HotFolder folder = new HotFolder(inbox, ingest, Duration.ofHours(1), Duration.ZERO, Duration.ZERO);
        try {
            folder.poll();
        } finally {
            folder.close();
        }
        assertTrue(Files.exists(inbox.resolve("done/muse0001.xml")) && Files.exists(inbox.resolve("done/muse0001.id")));
        assertTrue(Files.exists(inbox.resolve("done/aecg0001.xml")));
        assertTrue(Files.exists(inbox.resolve("done/philips0001.xml")));
        assertTrue(Files.readString(inbox.resolve("rejected/muse0002.xml.reason")).startsWith("crc32"),
                Files.readString(inbox.resolve("rejected/muse0002.xml.reason")));
        assertTrue(Files.readString(inbox.resolve("rejected/notes.xml.reason")).startsWith("format"));
        EcgRecorded stored = ecgs().stream().filter(e -> e.getPatientId().equals(new Pseudonymiser("test-key-0123456789")
                .pseudonym("patient", "MRN-77@HOSP"))).findFirst().orElseThrow();
        assertEquals(12, stored.getLeads().size(), "8 stored leads and the 4 limb leads derived");
        assertEquals(5000, stored.getSamplesPerLead());
        assertEquals("hot-folder", stored.getSource());
        EcgRecorded fromPhilips = ecgs().stream().filter(e -> e.getPatientId().equals(new Pseudonymiser("test-key-0123456789")
                .pseudonym("patient", "MRN-78@HOSP"))).findFirst().orElseThrow();
        assertEquals(12, fromPhilips.getLeads().size(), "XLI-decompressed, limb-lead residuals restored");
    }

    private static Lead lead(String name, int seed) {
        int[] x = new int[5000];
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(400) - 200;
        }
        return new Lead(name, x, 1000, 0);
    }

    private static void write(Path dir, WfdbWriter.WfdbFiles files) throws Exception {
        Files.write(dir.resolve(files.headerFileName()), files.header());
        Files.write(dir.resolve(files.dataFileName()), files.data());
    }

    private static byte[] zip(Map<String, byte[]> files) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static List<EcgRecorded> ecgs() {
        List<EcgRecorded> out = kafka.readAll(topics.ecgRecorded, e -> true);
        assertFalse(out.isEmpty());
        return out;
    }
}
