package org.edtriage.ingest.hl7;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.hl7.AdtMapper;
import org.edtriage.ecg.hl7.AdtOutcome;
import org.edtriage.ecg.hl7.AdtVisit;
import org.edtriage.ecg.hl7.Hl7Rejection;
import org.edtriage.ecg.hl7.Hl7Text;
import org.edtriage.ecg.hl7.OruEcg;
import org.edtriage.ecg.hl7.OruMapper;
import org.edtriage.ecg.signal.QualityCheck;
import org.edtriage.ingest.Pseudonymiser;
import org.edtriage.ingest.kafka.DeadLetters;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.ingest.kafka.TransactionalPublisher;
import org.edtriage.ingest.mllp.MllpFrameReader;
import org.edtriage.ingest.mllp.MllpServer;
import org.edtriage.ingest.mllp.Peer;
import org.edtriage.ingest.senders.Senders;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.EdVisit;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.events.Sex;
import org.edtriage.schemas.events.VisitOutcome;
import org.edtriage.schemas.mapping.EcgEvents;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HexFormat;

/**
 * One HL7 v2 message in, one ACK out: ORU^R01 → {@code EcgRecorded}, ADT A04/A01 → {@code EdVisit},
 * ADT A03/A08 → {@code VisitOutcome}. AA is sent only after Kafka has acknowledged the event; a
 * message we cannot use gets AE (content) or AR (type) with the reason, and its raw bytes go to the
 * dead-letter topic; when Kafka cannot take the event the sender gets AR "retry" — never an AA for
 * something that is not durably stored. The event and the record that its control id was accepted are one Kafka
 * transaction ({@link AcceptedControlIds}), so a re-sent control id — to this instance or another, before or after
 * a restart — is acknowledged without producing twice.
 * Only senders on the allow-list ({@link Senders}: the connection's certificate or address, and MSH-4) are
 * heard; any other message gets AR and goes to the dead-letter topic too.
 * Hospital identifiers are pseudonymised here and go no further.
 */
public final class Hl7Ingest implements MllpServer.FrameHandler {
    private static final Logger LOG = Logger.getLogger(Hl7Ingest.class);
    public static final String SOURCE = "hl7-mllp";

    private final Topics topics;
    private final EventPublisher publisher;
    private final TransactionalPublisher transactions;
    private final Pseudonymiser pseudonymiser;
    private final Senders senders;
    private final OruMapper oru;
    private final AdtMapper adt;
    private final AcceptedControlIds accepted;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Timer produce;
    private final Object[] locks = new Object[64];

    /**
     * @param publisher    for the dead-letter topic
     * @param transactions for events, each with its accepted-message record
     */
    public Hl7Ingest(Topics topics, EventPublisher publisher, TransactionalPublisher transactions, AcceptedControlIds accepted,
                     Pseudonymiser pseudonymiser, Senders senders, ZoneId hospitalZone, Clock clock, MeterRegistry metrics) {
        this.topics = topics;
        this.publisher = publisher;
        this.transactions = transactions;
        this.pseudonymiser = pseudonymiser;
        this.senders = senders;
        this.oru = new OruMapper(hospitalZone);
        this.adt = new AdtMapper(hospitalZone);
        this.accepted = accepted;
        this.clock = clock;
        this.metrics = metrics;
        this.produce = Timer.builder("triage.ingest.produce").description("time until Kafka acknowledged an event")
                .publishPercentiles(0.5, 0.99).register(metrics);
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    @Override
    public byte[] handle(MllpFrameReader.Frame frame, Peer peer) {
        if (frame.unframed()) {
            deadLetter(peer, frame.payload(), "bytes outside an MLLP block (no 0x0B start byte); no ACK possible", "application/octet-stream");
            count("UNFRAMED", "none");
            return null;
        }
        Charset charset = charset(frame.payload());
        String text = new String(frame.payload(), charset);
        // who is on the other end first: a stranger learns nothing from us but that it is not on the list
        Senders.Admission connection = senders.admitConnection(peer.address(), peer.certificate());
        Hl7Text message;
        try {
            message = Hl7Text.of(text);
        } catch (Hl7Rejection e) {
            return connection.admitted() ? reject(null, frame.payload(), peer, e, charset, "unknown")
                    : refuse(null, frame.payload(), peer, connection, charset, "unknown");
        }
        String type = message.component(message.messageType(), 1) + "^" + message.component(message.messageType(), 2);
        Senders.Admission admission = connection;
        if (connection.admitted()) {
            admission = senders.admitMllp(peer.address(), peer.certificate(), message.component(message.field(message.segments().get(0), 4), 1));
        }
        String authority = assigningAuthority(message);
        if (admission.admitted() && !authority.isEmpty() && !senders.allows(admission.sender(), authority)) {
            // the patient key is MRN@PID-3-4: a sender may only write into the records of its own facilities
            admission = new Senders.Admission(admission.sender(), "sender '" + admission.sender() + "' may not send for patients of '"
                    + Senders.printable(authority) + "' (PID-3-4)");
        }
        if (!admission.admitted()) {
            return refuse(message, frame.payload(), peer, admission, charset, type);
        }
        if (frame.oversized()) {
            return reject(message, frame.payload(), peer, new Hl7Rejection(Hl7Rejection.Code.APPLICATION_ERROR,
                    "message of " + frame.fullLength() + " bytes exceeds the limit of " + frame.payload().length + " bytes (kept truncated)"), charset, type);
        }
        if (message.controlId().isBlank()) {
            return reject(message, frame.payload(), peer, new Hl7Rejection(Hl7Rejection.Code.REQUIRED_FIELD_MISSING, "MSH-10 (message control id) is empty"), charset, type);
        }
        String key = AcceptedControlIds.key(message.field(message.segments().get(0), 4), message.controlId());
        synchronized (locks[Math.floorMod(key.hashCode(), locks.length)]) {
            try {
                if (accepted.contains(key)) {
                    count(type, "AA");
                    metrics.counter("triage.ingest.duplicates", "source", SOURCE).increment();
                    return Acks.accept(message, charset); // already stored: acknowledge again, produce nothing
                }
                switch (type) {
                    case "ORU^R01" -> storeEcg(text, key);
                    case "ADT^A04", "ADT^A01" -> storeVisit(text, key);
                    case "ADT^A03", "ADT^A08" -> storeOutcome(text, key);
                    default -> throw new Hl7Rejection(type.startsWith("ADT") ? Hl7Rejection.Code.UNSUPPORTED_EVENT_CODE
                            : Hl7Rejection.Code.UNSUPPORTED_MESSAGE_TYPE, "message type " + message.messageType()
                            + " is not accepted (ORU^R01, ADT^A01/A03/A04/A08)");
                }
            } catch (Hl7Rejection e) {
                return reject(message, frame.payload(), peer, e, charset, type);
            } catch (EventPublisher.PublishException e) {
                LOG.warnf("not acknowledging %s %s from %s: %s", type, message.controlId(), peer, e.getMessage());
                count(type, "AR");
                return Acks.retryLater(message, "temporarily unable to store the message; send it again: " + e.getMessage(), charset);
            }
            accepted.remember(key);
        }
        count(type, "AA");
        return Acks.accept(message, charset);
    }

    private void storeEcg(String text, String controlKey) throws EventPublisher.PublishException {
        OruEcg read = oru.read(text);
        Ecg ecg = read.ecg().withDerivedLimbLeads();
        QualityCheck.Result quality = QualityCheck.check(ecg);
        if (!quality.accepted()) {
            throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, "ECG refused: " + quality.rejection());
        }
        String patientId = pseudonymiser.pseudonym("patient", read.patient().mrn());
        String visitId = read.patient().visitNumber() == null ? null : pseudonymiser.pseudonym("visit", read.patient().visitNumber());
        String ecgId = "ecg-" + sha256(read.patient().facility() + '|' + read.controlId()).substring(0, 32);
        EcgRecorded event = EcgEvents.toEvent(ecg, new EcgEvents.Provenance(ecgId, patientId, visitId, SOURCE,
                read.controlId(), read.sendingApplication().isEmpty() ? null : read.sendingApplication(), clock.instant()), quality.flags());
        publish(controlKey, topics.ecgRecorded, patientId, event);
    }

    private void storeVisit(String text, String controlKey) throws EventPublisher.PublishException {
        AdtVisit v = adt.visit(text);
        EdVisit event = EdVisit.newBuilder()
                .setVisitId(pseudonymiser.pseudonym("visit", v.patient().visitNumber()))
                .setPatientId(pseudonymiser.pseudonym("patient", v.patient().mrn()))
                .setHospitalId(v.patient().facility().isEmpty() ? "unknown" : v.patient().facility())
                .setArrivalTime(v.arrival())
                .setChiefComplaintCode(v.complaintCode()).setChiefComplaintText(v.complaintText())
                .setChestPain(v.chestPain())
                .setAgeYears(v.ageYears())
                .setSex(Sex.valueOf(v.patient().sex().name()))
                .build();
        publish(controlKey, topics.edVisits, event.getVisitId(), event);
    }

    private void storeOutcome(String text, String controlKey) throws EventPublisher.PublishException {
        AdtOutcome o = adt.outcome(text);
        VisitOutcome event = VisitOutcome.newBuilder()
                .setVisitId(pseudonymiser.pseudonym("visit", o.patient().visitNumber()))
                .setPatientId(pseudonymiser.pseudonym("patient", o.patient().mrn()))
                .setAmiWithin30Days(o.amiWithin30Days())
                .setIcd10Codes(o.icd10Codes())
                .setOutcomeTime(o.amiTime())
                .setLabelTime(o.messageTime() != null ? o.messageTime() : clock.instant())
                .build();
        publish(controlKey, topics.visitOutcomes, event.getVisitId(), event);
    }

    /** The event and the record that its message was accepted, in one transaction. */
    private <V> void publish(String controlKey, org.edtriage.schemas.Topic<String, V> topic, String key, V value)
            throws EventPublisher.PublishException {
        long start = System.nanoTime();
        transactions.publish(java.util.List.of(TransactionalPublisher.Record.of(topic, key, value),
                accepted.record(controlKey, topic.name(), transactions.transactionalId(), clock.instant())));
        produce.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private byte[] reject(Hl7Text message, byte[] raw, Peer peer, Hl7Rejection rejection, Charset charset, String type) {
        deadLetter(peer, raw, rejection.ackCode() + " " + rejection.code().number + " " + rejection.code().text + ": " + rejection.getMessage(),
                "application/hl7-v2");
        count(type, rejection.ackCode());
        return Acks.reject(message, rejection, charset);
    }

    private void deadLetter(Peer peer, byte[] raw, String reason, String contentType) {
        RejectedMessage message = RejectedMessage.newBuilder()
                .setSourceId("mllp:" + peer).setSource(SOURCE).setReason(DeadLetters.reason(reason, raw.length))
                .setRaw(ByteBuffer.wrap(DeadLetters.kept(raw))).setContentType(contentType).setRejectedAt(clock.instant()).build();
        try {
            publisher.publish(topics.deadLetter, "mllp:" + peer, message);
            metrics.counter("triage.ingest.deadletters", "source", SOURCE).increment();
        } catch (EventPublisher.PublishException e) {
            // the sender still gets its AE/AR; the bytes are in our log so they are not lost without trace
            LOG.errorf("could not dead-letter %d bytes from %s (%s): %s", raw.length, peer, reason, e.getMessage());
        }
    }

    /** AR 103 for a message refused for who sent it; its bytes go to the dead-letter topic like any refusal. */
    private byte[] refuse(Hl7Text message, byte[] raw, Peer peer, Senders.Admission admission, Charset charset, String type) {
        LOG.warnf("refused %s %s from %s (sender %s): %s", Senders.printable(type), message == null ? "-" : Senders.printable(message.controlId()),
                peer, admission.sender() == null ? "unknown" : admission.sender(), admission.refusal());
        refusal(admission.sender() == null ? "unknown-sender" : "facility-not-allowed");
        return reject(message, raw, peer, Hl7Rejection.refusal(Hl7Rejection.Code.TABLE_VALUE_NOT_FOUND, admission.refusal()), charset, type);
    }

    /** PID-3-4 (of the first identifier): the authority that assigned the patient's id, a facility in our convention. */
    private static String assigningAuthority(Hl7Text message) {
        for (String segment : message.segments()) {
            if (segment.startsWith("PID|")) {
                String cx = message.field(segment, 3);
                int repetition = cx.indexOf('~');
                String hd = message.component(repetition < 0 ? cx : cx.substring(0, repetition), 4);
                int sub = hd.indexOf('&');
                return sub < 0 ? hd : hd.substring(0, sub);
            }
        }
        return "";
    }

    @Override
    public boolean admits(Peer peer) {
        return senders.admitConnection(peer.address(), peer.certificate()).admitted();
    }

    @Override
    public void handshakeFailed(Peer peer, String reason) {
        refusal("tls-handshake");
    }

    /** Refused for who sent it, whatever the door: the same meter as the HTTP uploads' 401/403. */
    private void refusal(String reason) {
        metrics.counter("triage.ingest.refusals", "door", "mllp", "reason", reason).increment();
    }

    private void count(String type, String ack) {
        metrics.counter("triage.ingest.messages", "source", SOURCE, "type", type, "ack", ack).increment();
    }

    /** MSH-18 says UTF-8 (UNICODE UTF-8); otherwise ISO-8859-1, which keeps every byte. */
    private static Charset charset(byte[] raw) {
        int limit = Math.min(raw.length, 512);
        String head = new String(raw, 0, limit, StandardCharsets.ISO_8859_1);
        int end = head.indexOf('\r');
        String msh = end < 0 ? head : head.substring(0, end);
        return msh.contains("UTF-8") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
