package org.edtriage.ingest.wfdb;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.signal.QualityCheck;
import org.edtriage.ecg.wfdb.WfdbFormatException;
import org.edtriage.ecg.wfdb.WfdbHeader;
import org.edtriage.ecg.wfdb.WfdbNote;
import org.edtriage.ecg.wfdb.WfdbReader;
import org.edtriage.ecg.wfdb.WfdbRecord;
import org.edtriage.ingest.Pseudonymiser;
import org.edtriage.ecg.documents.EcgDocuments;
import org.edtriage.ingest.kafka.DeadLetters;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.mapping.EcgEvents;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A WFDB record (header + data file), or an ECG document (GE MUSE XML, HL7 aECG), in; an {@link EcgRecorded}
 * on Kafka out — or a rejection with the failing check, whose raw bytes go to the dead-letter topic. Plain
 * Java: the HTTP endpoints and the hot folder ({@link HotFolder}) are thin callers.
 */
public final class WfdbIngest {
    public static final String SOURCE = "wfdb-upload";
    /** ECG documents (GE MUSE, HL7 aECG) uploaded over HTTP. */
    public static final String DOCUMENT_SOURCE = "document-upload";

    private final Topics topics;
    private final EventPublisher publisher;
    private final Pseudonymiser pseudonymiser;
    private final Clock clock;
    private final EcgDocuments documents;

    public WfdbIngest(Topics topics, EventPublisher publisher, Pseudonymiser pseudonymiser, Clock clock) {
        this(topics, publisher, pseudonymiser, clock, java.time.ZoneOffset.UTC);
    }

    /** @param siteZone the zone of local acquisition times in ECG documents that write no offset (GE MUSE) */
    public WfdbIngest(Topics topics, EventPublisher publisher, Pseudonymiser pseudonymiser, Clock clock, java.time.ZoneId siteZone) {
        this.topics = topics;
        this.publisher = publisher;
        this.pseudonymiser = pseudonymiser;
        this.clock = clock;
        this.documents = new EcgDocuments(siteZone);
    }

    public sealed interface Result permits Accepted, Rejected {
    }

    public record Accepted(String ecgId, String patientId, String visitId, String recordName, int leads,
                           int samplesPerLead, double samplingRateHz, int partition, long offset) implements Result {
    }

    /** @param check which check failed, e.g. "checksum", "data length", "duration" */
    public record Rejected(String check, String reason) implements Result {
    }

    /**
     * @param hospitalPatientId the hospital's own patient identifier; pseudonymised here
     * @param hospitalVisitId   the hospital's visit identifier, if known; pseudonymised here
     */
    public Result ingest(byte[] header, byte[] data, String hospitalPatientId, String hospitalVisitId, String sender)
            throws EventPublisher.PublishException {
        WfdbHeader parsed;
        try {
            parsed = WfdbHeader.parse(new String(header, StandardCharsets.ISO_8859_1));
        } catch (WfdbFormatException e) {
            return reject(RawRecord.single(header, data), sender, SOURCE, e.check(), e.getMessage());
        }
        long dataFiles = parsed.signals().stream().map(s -> s.fileName()).distinct().count();
        if (parsed.isMultiSegment() || dataFiles > 1) {
            return reject(RawRecord.single(header, data), sender, SOURCE, "data file", "record " + parsed.recordName()
                    + " needs several files (segments or signals in " + dataFiles + " files): upload them together as a zip archive");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(parsed.recordName() + ".hea", header);
        for (var s : parsed.signals()) {
            files.put(s.fileName(), data); // an upload carries one data file: every signal reads from it
        }
        return ingest(parsed.recordName() + ".hea", files, hospitalPatientId, hospitalVisitId, sender, SOURCE, RawRecord.single(header, data));
    }

    /**
     * A record given as its files (from a zip upload or the hot folder): the header named
     * {@code headerFile} and every file it refers to, segments included.
     */
    public Result ingest(String headerFile, Map<String, byte[]> files, String hospitalPatientId, String hospitalVisitId,
                         String sender, String source, RawRecord raw) throws EventPublisher.PublishException {
        byte[] header = files.get(headerFile);
        if (header == null) {
            return reject(raw, sender, source, "header", "no header file " + headerFile);
        }
        Ecg ecg;
        List<String> notes;
        try {
            WfdbHeader parsed = WfdbHeader.parse(new String(header, StandardCharsets.ISO_8859_1));
            WfdbRecord record = WfdbReader.readRecord(parsed, name -> {
                byte[] b = files.get(name);
                if (b == null) {
                    throw new NoSuchFileException(name);
                }
                return b;
            });
            ecg = record.toEcg();
            notes = record.notes().stream().map(WfdbIngest::flag).toList();
        } catch (WfdbFormatException e) {
            return reject(raw, sender, source, e.check(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            return reject(raw, sender, source, "header", "unreadable WFDB record: " + e.getMessage());
        }
        return store(ecg, notes, hospitalPatientId, hospitalVisitId, sender, source, raw);
    }

    /**
     * An ECG document (GE MUSE XML, HL7 aECG, Philips XML; {@link EcgDocuments}) uploaded or dropped as one file: read, then
     * checked and stored as a WFDB record is.
     */
    public Result ingestDocument(byte[] document, String name, String contentType, String hospitalPatientId, String hospitalVisitId,
                                 String sender, String source) throws EventPublisher.PublishException {
        RawRecord raw = new RawRecord(document, contentType == null ? "application/xml" : contentType);
        Ecg ecg;
        try {
            ecg = documents.read(document, name);
        } catch (EcgDocuments.Refused e) {
            return reject(raw, sender, source, e.check(), e.getMessage());
        } catch (RuntimeException e) {
            return reject(raw, sender, source, "read", name + ": unreadable document: " + e);
        }
        // without a patient id each document is its own patient (never one pseudonym for every unnamed upload)
        String patientKey = hospitalPatientId != null && !hospitalPatientId.isBlank() ? hospitalPatientId
                : "ecg-document:" + sha256(document).substring(0, 32);
        return store(ecg, List.of(), patientKey, hospitalVisitId, sender, source, raw);
    }

    /** The shared tail of every file-based way in: quality, pseudonyms, the event, Kafka's acknowledgement. */
    private Result store(Ecg ecg, List<String> notes, String hospitalPatientId, String hospitalVisitId, String sender, String source,
                         RawRecord raw) throws EventPublisher.PublishException {
        QualityCheck.Result quality = QualityCheck.check(ecg);
        if (!quality.accepted()) {
            return reject(raw, sender, source, "quality", "record " + ecg.recordName() + ": " + quality.rejection());
        }
        String patientKey = hospitalPatientId != null && !hospitalPatientId.isBlank() ? hospitalPatientId : "wfdb-record:" + ecg.recordName();
        String patientId = pseudonymiser.pseudonym("patient", patientKey);
        String visitId = hospitalVisitId == null || hospitalVisitId.isBlank() ? null : pseudonymiser.pseudonym("visit", hospitalVisitId);
        // same bytes from the same patient = same ECG: a retried upload is recognisable downstream
        String ecgId = "ecg-" + sha256(patientId.getBytes(StandardCharsets.UTF_8), raw.bytes()).substring(0, 32);
        Instant now = clock.instant();
        EcgRecorded event = EcgEvents.toEvent(ecg,
                new EcgEvents.Provenance(ecgId, patientId, visitId, source, ecg.recordName(), null, now),
                java.util.stream.Stream.concat(quality.flags().stream(), notes.stream()).toList());
        RecordMetadata stored = publisher.publish(topics.ecgRecorded, patientId, event);
        return new Accepted(ecgId, patientId, visitId, ecg.recordName(), ecg.leads().size(), ecg.samplesPerLead(),
                ecg.samplingRateHz(), stored.partition(), stored.offset());
    }

    /**
     * What the reader read past (rdsamp does too), as a quality flag beside QualityCheck's: WFDB_INITIAL_VALUE:V2,
     * WFDB_DATA_LENGTH (a short file without checksums), WFDB_BASE_DATE (the Challenge 2020 date order).
     */
    static String flag(WfdbNote note) {
        return "WFDB_" + note.check().toUpperCase(java.util.Locale.ROOT).replace(' ', '_') + (note.signal() == null ? "" : ":" + note.signal());
    }

    /** Refuses input that never got as far as a record (an unreadable archive), keeping its bytes. */
    public Rejected refuse(RawRecord raw, String sender, String source, String check, String reason)
            throws EventPublisher.PublishException {
        return reject(raw, sender, source, check, reason);
    }

    private Rejected reject(RawRecord raw, String sender, String source, String check, String reason)
            throws EventPublisher.PublishException {
        RejectedMessage message = RejectedMessage.newBuilder()
                .setSourceId(sender).setSource(source).setReason(DeadLetters.reason(reason, raw.bytes().length))
                .setRaw(ByteBuffer.wrap(DeadLetters.kept(raw.bytes())))
                .setContentType(raw.contentType())
                .setRejectedAt(clock.instant())
                .build();
        publisher.publish(topics.deadLetter, sender, message);
        return new Rejected(check, reason);
    }

    /** The record exactly as received, for the dead-letter topic: header and data side by side, or the zip. */
    public record RawRecord(byte[] bytes, String contentType) {
        public static RawRecord single(byte[] header, byte[] data) {
            byte[] both = ByteBuffer.allocate(header.length + data.length).put(header).put(data).array();
            return new RawRecord(both, "application/x-wfdb; header-bytes=" + header.length);
        }
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                digest.update(p);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
