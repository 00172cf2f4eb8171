package org.edtriage.deploy.feed;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.wfdb.WfdbReader;

import java.time.Duration;
import java.time.Instant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every WFDB record (a .hea with its .dat) and every ECG document (a {@code .xml} that is GE MUSE XML, Philips XML or
 * HL7 aECG by its content) under a folder, read in place, once, in name order — what an ED's archive export holds.
 * Documents are sent as they are: uploaded, embedded in an ORU^R01 or dropped in the hot folder, so ingest reads them.
 * When the folder holds a PTB-XL {@code ptbxl_database.csv}, records carry their real patient ids.
 *
 * <p>A demo convention, said here because it is not clinical truth: each record is fed as its own chest-pain
 * ED visit that began 5 minutes before the ECG, so that the scoring stream (which scores only ECGs of
 * chest-pain visits) scores every record.
 */
public final class FolderSource implements EcgSource {
    private final Path root;
    /** The local stack's ingest reads documents' local acquisition times in UTC (its triage.hl7.zone default). */
    public static final java.time.ZoneId SITE_ZONE = java.time.ZoneOffset.UTC;
    private final Iterator<Path> headers;
    private final int total;
    private final Map<String, String> patientByRecord;

    public FolderSource(Path root) throws IOException {
        this.root = root;
        List<Path> found;
        try (Stream<Path> walk = Files.walk(root)) {
            found = walk.filter(p -> (p.toString().endsWith(".hea")
                            && Files.exists(p.resolveSibling(p.getFileName().toString().replace(".hea", ".dat")))) || isDocument(p))
                    .sorted().toList();
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no WFDB records (.hea with .dat) and no ECG documents (GE MUSE, Philips, HL7 aECG .xml) under " + root);
        }
        this.headers = found.iterator();
        this.total = found.size();
        this.patientByRecord = ptbXlPatients(root);
    }

    @Override
    public boolean hasNext() {
        return headers.hasNext();
    }

    /** An .xml or .dcm whose first bytes say GE MUSE, Philips, HL7 aECG or DICOM. */
    private static boolean isDocument(Path p) {
        if (!org.edtriage.ecg.documents.EcgDocuments.isDocumentName(p.getFileName().toString()) || !Files.isRegularFile(p)) {
            return false;
        }
        try (var in = Files.newInputStream(p)) {
            return org.edtriage.ecg.documents.EcgDocuments.kind(in.readNBytes(4096)) != org.edtriage.ecg.documents.EcgDocuments.Kind.UNKNOWN;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Record next() {
        Path hea = headers.next();
        if (!hea.toString().endsWith(".hea")) {
            return document(hea);
        }
        String name = hea.getFileName().toString().replace(".hea", "");
        try {
            byte[] header = Files.readAllBytes(hea);
            byte[] data = Files.readAllBytes(hea.resolveSibling(name + ".dat"));
            String patient = patientByRecord.getOrDefault(name, "wfdb-record:" + name);
            Ecg ecg = WfdbReader.read(header, data);
            Instant acquired = ecg.acquiredAt() != null ? ecg.acquiredAt() : Instant.now();
            return new Record(name, header, data, patient, "demo-visit:" + name, new Registration(acquired.minus(Duration.ofMinutes(5)),
                    DemoFacility.NAME, "R07.4", "Chest pain (demo: every fed record is a chest-pain visit)", ecg.sex()));
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(e instanceof IOException io ? io : new IOException("record " + name + ": " + e.getMessage(), e));
        }
    }

    private Record document(Path file) {
        String name = org.edtriage.ecg.documents.EcgDocuments.baseName(file.getFileName().toString());
        try {
            byte[] document = Files.readAllBytes(file);
            Record r = Record.document(name, document, "document:" + name, "demo-visit:" + name, null);
            Ecg ecg = r.ecg(SITE_ZONE);
            Instant acquired = ecg.acquiredAt() != null ? ecg.acquiredAt() : Instant.now();
            return Record.document(name, document, r.patientId(), r.visitId(), new Registration(acquired.minus(Duration.ofMinutes(5)),
                    DemoFacility.NAME, "R07.4", "Chest pain (demo: every fed record is a chest-pain visit)", ecg.sex()));
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(e instanceof IOException io ? io : new IOException("document " + name + ": " + e.getMessage(), e));
        }
    }

    @Override
    public String describe() {
        return total + " WFDB records and ECG documents under " + root + (patientByRecord.isEmpty() ? "" : " (PTB-XL patient ids)");
    }

    /** record name (e.g. 00001_hr) -> "ptbxl-patient:15709" from the database's first column pair and file names. */
    private static Map<String, String> ptbXlPatients(Path root) throws IOException {
        Map<String, String> map = new HashMap<>();
        Path csv = null;
        for (Path p = root; p != null && csv == null; p = p.getParent()) {
            Path candidate = p.resolve("ptbxl_database.csv");
            if (Files.exists(candidate)) {
                csv = candidate;
            }
        }
        if (csv == null) {
            return map;
        }
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] head = line.split(",", 3);
            String[] tail = line.substring(line.lastIndexOf(",", line.lastIndexOf(",") - 1) + 1).split(",");
            if (head.length < 2 || tail.length < 2) {
                continue;
            }
            String patient = "ptbxl-patient:" + head[1].replace(".0", "");
            for (String file : tail) {
                map.put(Path.of(file.trim()).getFileName().toString(), patient);
            }
        }
        return map;
    }
}
