package org.edtriage.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.edtriage.schemas.events.AcceptedMessage;
import org.edtriage.schemas.events.DashboardAccess;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.EcgScore;
import org.edtriage.schemas.events.EdVisit;
import org.edtriage.schemas.events.ModelRelease;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.events.TriageAlert;
import org.edtriage.schemas.events.VisitOutcome;
import org.edtriage.schemas.registry.SchemaRegistry;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.edtriage.schemas.serde.ConfluentAvroSerde;

import java.time.Duration;
import java.util.List;

/**
 * The catalogue of every topic in the platform. Nothing else in the code spells a topic name or
 * builds a value serde: take the {@link Topic} from here.
 *
 * <p>Keys are strings (patientId, visitId, model name, source id): partitioning by patient keeps all
 * ECGs of a patient in order on one partition, which the visit join and the dataset store rely on.
 */
public final class Topics {
    /** Partitions of the high-volume topics; enough for a few scoring instances per hospital network. */
    public static final int DEFAULT_PARTITIONS = 6;
    private static final Duration SIGNAL_RETENTION = Duration.ofDays(30);
    private static final Duration EVENT_RETENTION = Duration.ofDays(400);
    /** How long a re-sent HL7 message is recognised: integration engines retry within minutes to hours, never weeks. */
    public static final Duration ACCEPTED_MESSAGE_RETENTION = Duration.ofDays(7);

    public final Topic<String, EdVisit> edVisits;
    public final Topic<String, EcgRecorded> ecgRecorded;
    public final Topic<String, VisitOutcome> visitOutcomes;
    public final Topic<String, EcgScore> ecgScores;
    public final Topic<String, EcgScore> shadowScores;
    public final Topic<String, TriageAlert> triageAlerts;
    public final Topic<String, ModelRelease> modelReleases;
    public final Topic<String, RejectedMessage> deadLetter;
    public final Topic<String, AcceptedMessage> acceptedMessages;
    public final Topic<String, DashboardAccess> dashboardAccess;

    private final SchemaRegistry registry;

    /** @param autoRegister whether producers register their schema on first use (local stack) or only look it up (production). */
    public Topics(SchemaRegistry registry, boolean autoRegister) {
        this.registry = registry;
        edVisits = topic("ed.visits", EdVisit.class, DEFAULT_PARTITIONS, EVENT_RETENTION, false, autoRegister,
                "ED registrations (ADT A04/A01); key visitId");
        ecgRecorded = topic("ecg.recorded", EcgRecorded.class, DEFAULT_PARTITIONS, SIGNAL_RETENTION, false, autoRegister,
                "every accepted ECG with its samples; key patientId");
        visitOutcomes = topic("visit.outcomes", VisitOutcome.class, DEFAULT_PARTITIONS, EVENT_RETENTION, false, autoRegister,
                "AMI-within-30-days labels (ADT A03/A08 DG1); key visitId");
        ecgScores = topic("ecg.scores", EcgScore.class, DEFAULT_PARTITIONS, EVENT_RETENTION, false, autoRegister,
                "AMI probability per ECG; key visitId");
        shadowScores = topic("ecg.scores.shadow", EcgScore.class, DEFAULT_PARTITIONS, EVENT_RETENTION, false, autoRegister,
                "the shadow (challenger) model's score per ECG, for comparison; never alerts; key visitId");
        triageAlerts = topic("triage.alerts", TriageAlert.class, DEFAULT_PARTITIONS, EVENT_RETENTION, false, autoRegister,
                "alerts for ED dashboards; key visitId");
        // Compacted and single-partition: the latest release per model name is the state, in order.
        modelReleases = topic("model.releases", ModelRelease.class, 1, null, true, autoRegister,
                "released models; key model name");
        deadLetter = topic("ingest.deadletter", RejectedMessage.class, 1, EVENT_RETENTION, false, autoRegister,
                "input we could not accept, byte for byte with the reason; key source id");
        // Compacted (one record per control id) and deleted after the retry window; written in the event's transaction.
        acceptedMessages = topic("ingest.accepted-messages", AcceptedMessage.class, 1, ACCEPTED_MESSAGE_RETENTION, true, autoRegister,
                "HL7 messages already stored, in the transaction of their event, so any ingest instance recognises a re-sent "
                        + "one; key sending facility|control id");
        // An audit trail: kept until the site archives it (no retention), one partition for one order.
        dashboardAccess = topic("dashboard.access", DashboardAccess.class, 1, null, false, autoRegister,
                "who opened which visit or ECG on the dashboard, written before it is shown; key user");
    }

    public SchemaRegistry registry() {
        return registry;
    }

    public List<Topic<String, ?>> all() {
        return List.of(edVisits, ecgRecorded, visitOutcomes, ecgScores, shadowScores, triageAlerts, modelReleases, deadLetter,
                acceptedMessages, dashboardAccess);
    }

    /** The value serde of a topic, typed for callers that need its schema (e.g. to register it). */
    @SuppressWarnings("unchecked")
    public static <V extends SpecificRecord> ConfluentAvroSerde<V> avroSerde(Topic<String, V> topic) {
        return (ConfluentAvroSerde<V>) topic.valueSerde();
    }

    private <V extends SpecificRecord> Topic<String, V> topic(String name, Class<V> type, int partitions,
                                                                Duration retention, boolean compacted,
                                                                boolean autoRegister, String purpose) {
        Serde<V> value = new ConfluentAvroSerde<>(type, registry, false, autoRegister);
        return new Topic<>(name, Serdes.String(), value, partitions, retention, compacted, purpose);
    }
}
