package org.edtriage.ingest.wfdb;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.signal.QualityCheck;
import org.edtriage.ecg.wfdb.WfdbFormatException;
import org.edtriage.ecg.wfdb.WfdbReader;
import org.edtriage.ingest.Pseudonymiser;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.mapping.EcgEvents;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A WFDB record (header + data file) in, an {@link EcgRecorded} on Kafka out — or a rejection with
 * the failing check, whose raw bytes go to the dead-letter topic. Plain Java: the HTTP endpoint and,
 * later, the hot folder are thin callers.
 */
public final class WfdbIngest {
    public static final String SOURCE = "wfdb-upload";

    private final Topics topics;
    private final EventPublisher publisher;
    private final Pseudonymiser pseudonymiser;
    private final Clock clock;

    public WfdbIngest(Topics topics, EventPublisher publisher, Pseudonymiser pseudonymiser, Clock clock) {
        this.topics = topics;
        this.publisher = publisher;
        this.pseudonymiser = pseudonymiser;
        this.clock = clock;
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
        Ecg ecg;
        try {
            ecg = WfdbReader.read(header, data);
        } catch (WfdbFormatException e) {
            return reject(header, data, sender, e.check(), e.getMessage());
        } catch (RuntimeException e) {
            return reject(header, data, sender, "header", "unreadable WFDB record: " + e.getMessage());
        }
        QualityCheck.Result quality = QualityCheck.check(ecg);
        if (!quality.accepted()) {
            return reject(header, data, sender, "quality", "record " + ecg.recordName() + ": " + quality.rejection());
        }
        String patientKey = hospitalPatientId != null && !hospitalPatientId.isBlank() ? hospitalPatientId : "wfdb-record:" + ecg.recordName();
        String patientId = pseudonymiser.pseudonym("patient", patientKey);
        String visitId = hospitalVisitId == null || hospitalVisitId.isBlank() ? null : pseudonymiser.pseudonym("visit", hospitalVisitId);
        // same bytes from the same patient = same ECG: a retried upload is recognisable downstream
        String ecgId = "ecg-" + sha256(patientId.getBytes(StandardCharsets.UTF_8), header, data).substring(0, 32);
        Instant now = clock.instant();
        EcgRecorded event = EcgEvents.toEvent(ecg,
                new EcgEvents.Provenance(ecgId, patientId, visitId, SOURCE, ecg.recordName(), null, now), quality.flags());
        RecordMetadata stored = publisher.publish(topics.ecgRecorded, patientId, event);
        return new Accepted(ecgId, patientId, visitId, ecg.recordName(), ecg.leads().size(), ecg.samplesPerLead(),
                ecg.samplingRateHz(), stored.partition(), stored.offset());
    }

    private Rejected reject(byte[] header, byte[] data, String sender, String check, String reason)
            throws EventPublisher.PublishException {
        // header and data side by side, with the header length in the content type, so nothing is lost
        ByteBuffer raw = ByteBuffer.allocate(header.length + data.length).put(header).put(data).flip();
        RejectedMessage message = RejectedMessage.newBuilder()
                .setSourceId(sender).setSource(SOURCE).setReason(reason).setRaw(raw)
                .setContentType("application/x-wfdb; header-bytes=" + header.length)
                .setRejectedAt(clock.instant())
                .build();
        publisher.publish(topics.deadLetter, sender, message);
        return new Rejected(check, reason);
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
