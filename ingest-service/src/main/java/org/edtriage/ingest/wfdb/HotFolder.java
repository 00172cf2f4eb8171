package org.edtriage.ingest.wfdb;

import org.edtriage.ecg.wfdb.WfdbFormatException;
import org.edtriage.ecg.wfdb.WfdbHeader;
import org.edtriage.ecg.documents.EcgDocuments;
import org.edtriage.ingest.kafka.EventPublisher;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A folder ECG carts and ECG management systems drop WFDB records and ECG documents (GE MUSE XML, Philips
 * XML, HL7 aECG: {@code NAME.xml}, optionally with {@code NAME.id}) into. Each complete record (its header, every file it names,
 * segments included, all unchanged for {@code settle}) is ingested and its files moved to
 * {@code done/}, or to {@code rejected/} with a {@code <record>.reason} file saying why. A record
 * whose files are still missing after {@code incompleteAfter} is rejected as incomplete. When Kafka
 * is down the files stay where they are and are tried again on the next poll.
 *
 * <p>Identity: an optional sidecar {@code <record>.id} (properties {@code patientId}, {@code visitId}).
 */
public final class HotFolder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HotFolder.class);
    public static final String SOURCE = "hot-folder";

    private final Path inbox;
    private final Path done;
    private final Path rejected;
    private final WfdbIngest ingest;
    private final Duration settle;
    private final Duration incompleteAfter;
    private final ScheduledExecutorService poller;
    /** Each waiting document's size at the previous poll: taken only once it stops growing. */
    private final Map<Path, Long> documentSizes = new java.util.HashMap<>();

    public HotFolder(Path inbox, WfdbIngest ingest, Duration poll, Duration settle, Duration incompleteAfter) throws IOException {
        this.inbox = inbox;
        this.done = inbox.resolve("done");
        this.rejected = inbox.resolve("rejected");
        this.ingest = ingest;
        this.settle = settle;
        this.incompleteAfter = incompleteAfter;
        Files.createDirectories(done);
        Files.createDirectories(rejected);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hot-folder");
            t.setDaemon(true);
            return t;
        });
        // the first pass after one period: a caller driving poll() itself (tests) is never raced by a pass of its own
        poller.scheduleWithFixedDelay(this::pollSafely, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollSafely() {
        try {
            poll();
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "hot folder %s: poll failed", inbox);
        }
    }

    /** One pass over the folder; public so tests can drive it without waiting. */
    public synchronized void poll() throws IOException {
        List<Path> headers;
        try (Stream<Path> list = Files.list(inbox)) {
            headers = list.filter(p -> p.toString().endsWith(".hea") && Files.isRegularFile(p)).sorted().toList();
        }
        for (Path hea : headers) {
            if (!Files.exists(hea) || isSegmentOfAnother(hea, headers)) {
                continue;
            }
            try {
                process(hea);
            } catch (IOException | RuntimeException e) {
                // one bad file (vanished, unreadable sidecar) must not block the others
                LOG.errorf(e, "hot folder: %s stays for the next poll", hea.getFileName());
            }
        }
        List<Path> documents;
        try (Stream<Path> list = Files.list(inbox)) {
            documents = list.filter(p -> EcgDocuments.isDocumentName(p.getFileName().toString()) && Files.isRegularFile(p)).sorted().toList();
        }
        for (Path xml : documents) {
            try {
                processDocument(xml);
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "hot folder: %s stays for the next poll", xml.getFileName());
            }
        }
    }

    /**
     * An ECG document (GE MUSE XML, Philips XML, HL7 aECG as .xml; DICOM as .dcm): one file, taken once it and its sidecar are older than the
     * settle time and the document's size has not changed since the previous poll (a copy that keeps the source's
     * modification time, as {@code cp -p}, rsync or SMB do, is otherwise read half written). Its refusal reason is
     * {@code NAME.xml.reason}, apart from a WFDB record's {@code NAME.reason}.
     */
    private void processDocument(Path xml) throws IOException {
        String file = xml.getFileName().toString();
        String name = EcgDocuments.baseName(file);
        Path sidecar = inbox.resolve(name + ".id");
        if (Files.exists(inbox.resolve(name + ".hea"))) {
            finish(file, List.of(xml), false, "name: " + name + ".hea and " + file + " share the name " + name
                    + ", so " + name + ".id would belong to both; send the document under another name");
            return;
        }
        Instant newest = Files.getLastModifiedTime(xml).toInstant();
        if (Files.exists(sidecar)) {
            newest = max(newest, Files.getLastModifiedTime(sidecar).toInstant());
        }
        long size = Files.size(xml);
        Long before = documentSizes.put(xml, size);
        if (Duration.between(newest, Instant.now()).compareTo(settle) < 0 || !settle.isZero() && !Long.valueOf(size).equals(before)) {
            return; // still being written
        }
        documentSizes.remove(xml);
        List<Path> members = new ArrayList<>(List.of(xml));
        Properties id = new Properties();
        if (Files.exists(sidecar)) {
            id.load(new StringReader(Files.readString(sidecar)));
            members.add(sidecar);
        }
        try {
            byte[] document = Files.readAllBytes(xml);
            WfdbIngest.Result result = ingest.ingestDocument(document, file, EcgDocuments.mediaType(EcgDocuments.kind(document)),
                    id.getProperty("patientId"), id.getProperty("visitId"), "hot-folder:" + inbox, SOURCE);
            if (result instanceof WfdbIngest.Rejected r) {
                finish(file, members, false, r.check() + ": " + r.reason());
            } else {
                finish(file, members, true, null);
            }
        } catch (EventPublisher.PublishException e) {
            LOG.warnf("hot folder: %s stays for the next poll: %s", xml.getFileName(), e.getMessage());
        }
    }

    private void process(Path hea) throws IOException {
        String record = hea.getFileName().toString().replaceFirst("\\.hea$", "");
        List<Path> members = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try {
            collect(hea, members, missing);
        } catch (WfdbFormatException e) {
            finish(record, List.of(hea), false, e.getMessage());
            return;
        }
        Instant newest = Instant.EPOCH;
        for (Path p : members) {
            newest = max(newest, Files.getLastModifiedTime(p).toInstant());
        }
        Duration age = Duration.between(newest, Instant.now());
        if (!missing.isEmpty()) {
            if (age.compareTo(incompleteAfter) > 0) {
                finish(record, members, false, "incomplete record: " + missing + " did not arrive within " + incompleteAfter.toSeconds() + " s");
            }
            return;
        }
        if (age.compareTo(settle) < 0) {
            return; // still being written
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Path p : members) {
            files.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        Properties id = new Properties();
        Path sidecar = inbox.resolve(record + ".id");
        if (Files.exists(sidecar)) {
            id.load(new StringReader(Files.readString(sidecar)));
            members.add(sidecar);
        }
        try {
            WfdbIngest.Result result = ingest.ingest(record + ".hea", files, id.getProperty("patientId"), id.getProperty("visitId"),
                    "hot-folder:" + inbox, SOURCE, raw(files));
            if (result instanceof WfdbIngest.Rejected r) {
                finish(record, members, false, r.check() + ": " + r.reason());
            } else {
                finish(record, members, true, null);
            }
        } catch (EventPublisher.PublishException e) {
            LOG.warnf("hot folder: %s stays for the next poll: %s", record, e.getMessage());
        }
    }

    /** The header's own files and, for a multi-segment record, every segment's header and files. */
    private void collect(Path hea, List<Path> members, List<String> missing) throws IOException {
        members.add(hea);
        WfdbHeader header = WfdbHeader.parse(Files.readString(hea, StandardCharsets.ISO_8859_1));
        if (header.isMultiSegment()) {
            for (WfdbHeader.Segment s : header.segments()) {
                if (s.isGap()) {
                    continue;
                }
                Path segment = inbox.resolve(s.recordName() + ".hea");
                if (Files.exists(segment)) {
                    collect(segment, members, missing);
                } else {
                    missing.add(segment.getFileName().toString());
                }
            }
            return;
        }
        if (header.samplesPerSignal() == 0) {
            return; // a layout header names no data
        }
        for (var signal : header.signals()) {
            Path data = inbox.resolve(Path.of(signal.fileName()).getFileName().toString());
            if (members.contains(data)) {
                continue;
            }
            if (Files.exists(data)) {
                members.add(data);
            } else {
                missing.add(data.getFileName().toString());
            }
        }
    }

    private boolean isSegmentOfAnother(Path hea, List<Path> headers) {
        String name = hea.getFileName().toString().replaceFirst("\\.hea$", "");
        for (Path other : headers) {
            if (other.equals(hea)) {
                continue;
            }
            try {
                WfdbHeader h = WfdbHeader.parse(Files.readString(other, StandardCharsets.ISO_8859_1));
                if (h.segments().stream().anyMatch(s -> s.recordName().equals(name))) {
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable header is dealt with when its own turn comes
            }
        }
        return false;
    }

    private void finish(String record, List<Path> files, boolean ok, String reason) throws IOException {
        Path target = ok ? done : rejected;
        for (Path f : files) {
            if (Files.exists(f)) {
                Files.move(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!ok) {
            Files.writeString(rejected.resolve(record + ".reason"), reason + System.lineSeparator());
            LOG.infof("hot folder: rejected %s: %s", record, reason);
        }
    }

    private static WfdbIngest.RawRecord raw(Map<String, byte[]> files) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (var e : files.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return new WfdbIngest.RawRecord(bytes.toByteArray(), "application/zip");
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
