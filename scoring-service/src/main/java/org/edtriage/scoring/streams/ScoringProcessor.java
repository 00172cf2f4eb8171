package org.edtriage.scoring.streams;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.edtriage.ecg.Ecg;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.AlertLevel;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.EcgScore;
import org.edtriage.schemas.events.EdVisit;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.events.ScoreLatency;
import org.edtriage.schemas.events.TriageAlert;
import org.edtriage.schemas.mapping.EcgEvents;
import org.edtriage.scoring.engine.EcgScoring;
import org.edtriage.scoring.engine.EngineClosedException;
import org.edtriage.scoring.engine.NoModelException;
import org.edtriage.scoring.engine.Scored;
import org.edtriage.scoring.model.ModelInfo;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The scoring stream, per patient partition: joins ECGs with ED visits (either may come first), sends the
 * ECGs of chest-pain visits to the {@link ScoringEngine}, and emits their scores and the visit's alerts.
 *
 * <p><b>Exactly-once with micro-batching.</b> An accepted ECG is written to the changelogged in-flight store
 * and handed to the engine; the stream thread goes on with the next record. Its score, alert, and the delete
 * of its in-flight entry are emitted later, from the same task, so they commit in one transaction — and an
 * ECG whose input offset committed before its score did is still in the in-flight store, which is submitted
 * again on restore. No loss, no duplicate, and batches can span records, tasks and commits.
 *
 * <p><b>Alerts.</b> The first score of a visit raises an alert at its level; a later ECG raises one only if it
 * escalates the level; the highest level so far lives in the visit's state, so no level alerts twice. Results
 * are emitted in acceptance order, so a visit's alerts follow its ECGs' order.
 *
 * <p><b>Time.</b> Matching is by event time (acquisition and arrival), never wall clock, so a replay scores
 * the same ECGs. An ECG with no visit yet waits in the pending store until event time passes its window plus
 * the grace; a visit is kept until its window plus the grace has passed.
 *
 * <p><b>Failures.</b> With no model yet (or the engine shutting down) an ECG waits in flight and is tried again
 * every second, for as long as it takes. Any other failure is tried {@value #MAX_ATTEMPTS} times in all, 1 s and
 * then 5 s apart (room for a transient fault to pass); then the ECG goes to the dead-letter topic with the reason,
 * stops counting as accepted for its visit (so that a copy re-sent from the dead-letter topic is scored), and the
 * stream goes on — results leave in acceptance order, so one ECG the model cannot score would otherwise hold up
 * its whole partition.
 */
public final class ScoringProcessor implements Processor<String, Inbound, String, Outbound> {
    static final String VISITS = "scoring-visits-by-patient";
    static final String PENDING = "scoring-ecgs-awaiting-visit";
    static final String IN_FLIGHT = "scoring-ecgs-in-flight";
    private static final Logger LOG = Logger.getLogger(ScoringProcessor.class);
    private static final long RETRY_MILLIS = 1_000;
    /** Tries of an ECG whose scoring fails for another reason than "no model yet", before it is dead-lettered. */
    static final int MAX_ATTEMPTS = 3;

    private final Topics topics;
    private final EcgScoring engine;
    private final VisitWindow window;
    private final Clock clock;
    private final ScoringMetrics metrics;
    private final Duration drainEvery;
    private ProcessorContext<String, Outbound> context;
    private KeyValueStore<String, PatientVisits> visits;
    private KeyValueStore<String, byte[]> pending;
    private KeyValueStore<Long, byte[]> inFlight;
    /** Accepted ECGs in acceptance order, with their engine futures. */
    private final TreeMap<Long, Submitted> submitted = new TreeMap<>();
    private long nextSeq;
    private long eventTime = Long.MIN_VALUE;
    private boolean warnedNoModel;

    private static final class Submitted {
        final Ticket ticket;
        final EcgRecorded event;
        final Ecg ecg;
        CompletableFuture<Scored> future;
        long retryAt;
        int failures;

        Submitted(Ticket ticket, EcgRecorded event, Ecg ecg) {
            this.ticket = ticket;
            this.event = event;
            this.ecg = ecg;
        }
    }

    public ScoringProcessor(Topics topics, EcgScoring engine, VisitWindow window, Clock clock, ScoringMetrics metrics, Duration drainEvery) {
        this.topics = topics;
        this.engine = engine;
        this.window = window;
        this.clock = clock;
        this.metrics = metrics;
        this.drainEvery = drainEvery;
    }

    @Override
    public void init(ProcessorContext<String, Outbound> context) {
        this.context = context;
        this.visits = context.getStateStore(VISITS);
        this.pending = context.getStateStore(PENDING);
        this.inFlight = context.getStateStore(IN_FLIGHT);
        // what a previous owner accepted but never emitted: score it again (restored with the store)
        try (KeyValueIterator<Long, byte[]> it = inFlight.all()) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> kv = it.next();
                Ticket ticket = Ticket.decode(kv.value);
                EcgRecorded event = topics.ecgRecorded.deserializeValue(ticket.raw());
                submit(kv.key, new Submitted(ticket, event, EcgEvents.toEcg(event)));
                nextSeq = Math.max(nextSeq, kv.key + 1);
            }
        }
        if (!submitted.isEmpty()) {
            LOG.infof("task %s: %d ECGs accepted before a restart or rebalance are scored again", context.taskId(), submitted.size());
        }
        context.schedule(drainEvery, PunctuationType.WALL_CLOCK_TIME, t -> drain());
        context.schedule(Duration.ofSeconds(30), PunctuationType.WALL_CLOCK_TIME, t -> expire());
    }

    @Override
    public void process(Record<String, Inbound> record) {
        if (record.value().kind() == Inbound.Kind.ECG) {
            onEcg(record.key(), record.value().raw());
        } else {
            onVisit(record.key(), record.value().raw());
        }
        drain();
    }

    private void onEcg(String key, byte[] raw) {
        EcgRecorded event;
        Ecg ecg;
        try {
            event = topics.ecgRecorded.deserializeValue(raw);
            if (event == null) {
                reject(key, raw, topics.ecgRecorded.name(), "tombstone (null value)");
                return;
            }
            ecg = EcgEvents.toEcg(event);
        } catch (RuntimeException e) {
            reject(key, raw, topics.ecgRecorded.name(), "undecodable: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        if (!event.getPatientId().equals(key)) {
            // a wrongly keyed ECG sits on another partition than its patient's visits and would silently never match
            reject(key, raw, topics.ecgRecorded.name(), "key '" + key + "' is not the ECG's patient '" + event.getPatientId()
                    + "': ecg.recorded must be keyed by patientId");
            return;
        }
        long acquired = event.getAcquiredAt().toEpochMilli();
        advance(acquired);
        PatientVisits patient = Optional.ofNullable(visits.get(key)).orElse(PatientVisits.none());
        Optional<VisitState> visit = window.match(patient.visits(), event.getVisitId(), acquired);
        if (visit.isPresent()) {
            accept(key, patient, raw, event, ecg, visit.get());
        } else {
            // even an ECG older than event time's window waits until the next expiry sweep: its visit, sent just
            // before it on the other topic, may still be on its way through the repartition topic
            pending.put(pendingKey(key, acquired, event.getEcgId()), raw);
        }
    }

    private void onVisit(String key, byte[] raw) {
        EdVisit visit;
        try {
            visit = topics.edVisits.deserializeValue(raw);
            if (visit == null) {
                reject(key, raw, topics.edVisits.name(), "tombstone (null value)");
                return;
            }
        } catch (RuntimeException e) {
            reject(key, raw, topics.edVisits.name(), "undecodable: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        long arrival = visit.getArrivalTime().toEpochMilli();
        advance(arrival);
        PatientVisits patient = Optional.ofNullable(visits.get(key)).orElse(PatientVisits.none());
        VisitState state = patient.find(visit.getVisitId())
                .map(v -> v.registration(visit.getHospitalId(), arrival, visit.getChestPain()))
                .orElse(new VisitState(visit.getVisitId(), visit.getHospitalId(), arrival, visit.getChestPain(), null, List.of()));
        patient = patient.put(state);
        visits.put(key, patient);
        // ECGs that came before their visit
        List<KeyValue<String, byte[]>> waiting = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = pending.prefixScan(key + '\u0000', new StringSerializer())) {
            it.forEachRemaining(waiting::add);
        }
        for (KeyValue<String, byte[]> kv : waiting) {
            EcgRecorded event = topics.ecgRecorded.deserializeValue(kv.value); // decoded once already on arrival
            Optional<VisitState> match = window.match(patient.visits(), event.getVisitId(), event.getAcquiredAt().toEpochMilli());
            if (match.isPresent()) {
                pending.delete(kv.key);
                patient = accept(key, patient, kv.value, event, EcgEvents.toEcg(event), match.get());
            }
        }
    }

    /** @return the patient's visits as they stand after this ECG */
    private PatientVisits accept(String patientId, PatientVisits patient, byte[] raw, EcgRecorded event, Ecg ecg, VisitState visit) {
        if (!visit.chestPain()) {
            metrics.ecg(ScoringMetrics.EcgOutcome.NOT_CHEST_PAIN);
            return patient;
        }
        if (visit.ecgIds().contains(event.getEcgId())) {
            metrics.ecg(ScoringMetrics.EcgOutcome.DUPLICATE);
            return patient;
        }
        PatientVisits updated = patient.update(visit.visitId(), v -> v.withEcg(event.getEcgId()));
        visits.put(patientId, updated);
        Ticket ticket = new Ticket(visit.visitId(), visit.hospitalId(), clock.millis(), raw);
        long seq = nextSeq++;
        inFlight.put(seq, ticket.encode());
        submit(seq, new Submitted(ticket, event, ecg));
        return updated;
    }

    private void submit(long seq, Submitted s) {
        s.future = engine.submit(s.ecg);
        submitted.put(seq, s);
    }

    /** Emits every finished result at the head of the acceptance order. */
    private void drain() {
        while (!submitted.isEmpty()) {
            var head = submitted.firstEntry();
            Submitted s = head.getValue();
            if (!s.future.isDone()) {
                return;
            }
            try {
                emit(s, s.future.join());
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (!givenUp(s, cause)) {
                    return;
                }
            }
            inFlight.delete(head.getKey());
            submitted.remove(head.getKey());
        }
    }

    /**
     * A failed try: waits and tries again, or — after {@link #MAX_ATTEMPTS} failures that are not "no model" —
     * dead-letters the ECG with the reason. Called on every drain while the head waits; a failure is counted once.
     *
     * @return true if the ECG was given up (dead-lettered) and the stream may go past it
     */
    private boolean givenUp(Submitted s, Throwable cause) {
        boolean waitForModel = cause instanceof NoModelException || cause instanceof EngineClosedException
                || cause instanceof InterruptedException;
        long now = clock.millis();
        if (s.retryAt == 0) {
            metrics.failedTry(waitForModel ? "no_model" : "error");
            if (!waitForModel && ++s.failures >= MAX_ATTEMPTS) {
                LOG.errorf("ECG %s could not be scored in %d tries (%s): dead-lettered", s.event.getEcgId(), s.failures, cause.toString());
                metrics.ecg(ScoringMetrics.EcgOutcome.FAILED);
                forwardRejection(s.event.getPatientId(), s.ticket.raw(), topics.ecgRecorded.name(),
                        "scoring failed in " + s.failures + " tries: " + cause);
                String patient = s.event.getPatientId();
                Optional.ofNullable(visits.get(patient)).ifPresent(p -> visits.put(patient,
                        p.update(s.ticket.visitId(), v -> v.withoutEcg(s.event.getEcgId()))));
                return true;
            }
            s.retryAt = now + (waitForModel ? RETRY_MILLIS : RETRY_MILLIS * (s.failures == 1 ? 1 : 5));
            if (!waitForModel || !warnedNoModel) {
                LOG.warnf("ECG %s could not be scored (%s); it stays in flight and is tried again", s.event.getEcgId(), cause.toString());
                warnedNoModel |= cause instanceof NoModelException;
            }
        } else if (now >= s.retryAt) {
            s.retryAt = 0;
            s.future = engine.submit(s.ecg);
        }
        return false;
    }

    private void emit(Submitted s, Scored scored) {
        EcgRecorded e = s.event;
        if (scored.isRejected()) {
            metrics.ecg(ScoringMetrics.EcgOutcome.REJECTED);
            forwardRejection(e.getPatientId(), s.ticket.raw(), topics.ecgRecorded.name(), scored.rejection());
            return;
        }
        warnedNoModel = false;
        Instant now = clock.instant();
        EcgScore score = score(s, scored.probability(), scored.model(), scored, now);
        metrics.ecg(ScoringMetrics.EcgOutcome.SCORED);
        metrics.scored(e.getAcquiredAt().toEpochMilli(), e.getIngestedAt().toEpochMilli(), now.toEpochMilli());
        forward(s.ticket.visitId(), new Outbound.Score(score));
        if (scored.shadowProbability() != null) {
            forward(s.ticket.visitId(), new Outbound.Shadow(score(s, scored.shadowProbability(), scored.shadowModel(), scored, now)));
        }
        PatientVisits patient = Optional.ofNullable(visits.get(e.getPatientId())).orElse(PatientVisits.none());
        AlertLevel previous = patient.find(s.ticket.visitId()).map(VisitState::alerted).orElse(null);
        AlertLevel level = scored.model().policy().level(scored.probability());
        if (previous == null || level.ordinal() > previous.ordinal()) {
            boolean escalation = previous != null;
            metrics.alert(level, escalation);
            forward(s.ticket.visitId(), new Outbound.Alert(alert(s, score, level, escalation, now)));
            visits.put(e.getPatientId(), patient.update(s.ticket.visitId(), v -> v.withAlerted(level)));
        }
    }

    private EcgScore score(Submitted s, float probability, ModelInfo model, Scored scored, Instant now) {
        EcgRecorded e = s.event;
        ScoreLatency latency = ScoreLatency.newBuilder()
                .setQueueMs(Math.max(0, s.ticket.pickedAtMillis() - e.getIngestedAt().toEpochMilli()))
                .setPreprocessMs(scored.preprocessMs()).setInferenceMs(scored.inferenceMs())
                .setBatchWaitMs(scored.batchWaitMs()).setBatchSize(scored.batchSize()).build();
        return EcgScore.newBuilder()
                .setEcgId(e.getEcgId()).setPatientId(e.getPatientId()).setVisitId(s.ticket.visitId())
                .setModelName(model.name()).setModelVersion(model.release()).setPlaceholderModel(model.placeholder())
                .setProbability(probability).setThresholds(model.policy().thresholds())
                .setAcquiredAt(e.getAcquiredAt()).setIngestedAt(e.getIngestedAt()).setScoredAt(now).setLatency(latency)
                .build();
    }

    private static TriageAlert alert(Submitted s, EcgScore score, AlertLevel level, boolean escalation, Instant now) {
        return TriageAlert.newBuilder()
                .setAlertId(s.ticket.visitId() + ":" + level) // deterministic: a replay cannot make a second one
                .setPatientId(score.getPatientId()).setVisitId(s.ticket.visitId()).setHospitalId(s.ticket.hospitalId())
                .setEcgId(score.getEcgId()).setLevel(level).setEscalation(escalation).setProbability(score.getProbability())
                .setModelName(score.getModelName()).setModelVersion(score.getModelVersion()).setPlaceholderModel(score.getPlaceholderModel())
                .setIngestedAt(score.getIngestedAt()).setRaisedAt(now)
                .build();
    }

    /** Drops pending ECGs and visits whose windows event time has left behind. */
    private void expire() {
        if (eventTime == Long.MIN_VALUE) {
            return;
        }
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = pending.all()) {
            while (it.hasNext()) {
                String k = it.next().key;
                if (eventTime > window.ecgExpiry(acquiredOf(k))) {
                    stale.add(k);
                }
            }
        }
        stale.forEach(k -> {
            pending.delete(k);
            metrics.ecg(ScoringMetrics.EcgOutcome.NO_VISIT);
        });
        List<KeyValue<String, PatientVisits>> changed = new ArrayList<>();
        try (KeyValueIterator<String, PatientVisits> it = visits.all()) {
            while (it.hasNext()) {
                KeyValue<String, PatientVisits> kv = it.next();
                PatientVisits kept = kv.value.without(v -> eventTime > window.visitExpiry(v.arrivalMillis()));
                if (kept.visits().size() != kv.value.visits().size()) {
                    changed.add(KeyValue.pair(kv.key, kept.visits().isEmpty() ? null : kept));
                }
            }
        }
        changed.forEach(kv -> visits.put(kv.key, kv.value));
    }

    private void advance(long eventMillis) {
        eventTime = Math.max(eventTime, eventMillis);
    }

    /** Pending keys sort by patient, then acquisition time: patient NUL millis NUL ecgId. */
    static String pendingKey(String patientId, long acquiredMillis, String ecgId) {
        return patientId + '\u0000' + String.format("%015d", Math.max(0, acquiredMillis)) + '\u0000' + ecgId;
    }

    private static long acquiredOf(String pendingKey) {
        int a = pendingKey.indexOf('\u0000');
        return Long.parseLong(pendingKey.substring(a + 1, pendingKey.indexOf('\u0000', a + 1)));
    }

    private void reject(String key, byte[] raw, String topic, String reason) {
        if (topic.equals(topics.ecgRecorded.name())) {
            metrics.ecg(ScoringMetrics.EcgOutcome.REJECTED);
        }
        forwardRejection(key, raw, topic, reason);
    }

    private void forwardRejection(String key, byte[] raw, String topic, String reason) {
        RejectedMessage m = RejectedMessage.newBuilder()
                .setSourceId(key == null ? "unknown" : key)
                .setSource("scoring:" + topic)
                .setReason(reason)
                .setRaw(ByteBuffer.wrap(raw == null ? new byte[0] : raw))
                .setContentType("application/vnd.confluent.avro")
                .setRejectedAt(clock.instant())
                .build();
        forward(key == null ? "unknown" : key, new Outbound.Rejected(m));
    }

    private void forward(String key, Outbound value) {
        context.forward(new Record<>(key, value, clock.millis()));
    }

    @Override
    public void close() {
        submitted.clear(); // the in-flight store keeps them for whoever owns this partition next
    }

}
