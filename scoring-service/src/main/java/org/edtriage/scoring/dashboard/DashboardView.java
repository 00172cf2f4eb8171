package org.edtriage.scoring.dashboard;

import org.edtriage.schemas.KafkaConnection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EcgScore;
import org.edtriage.schemas.events.TriageAlert;
import org.edtriage.schemas.mapping.EcgEvents;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What ED dashboards read: the alerts and scores of recent visits and the ECGs behind them, kept in memory
 * from {@code triage.alerts}, {@code ecg.scores} and {@code ecg.recorded} (read_committed: only what the scoring
 * stream committed, so the dashboard never shows an alert that a crash then took back). Every instance builds
 * its own view from the topics, from {@code horizon} ago onwards, so any instance can serve any dashboard.
 */
public final class DashboardView implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DashboardView.class);

    /** A visit on the board: its most urgent alert so far, every alert, every score, in order. */
    public record VisitView(String visitId, String patientId, String hospitalId, AlertRow current, List<AlertRow> alerts, List<ScoreRow> scores) {
    }

    private final Topics topics;
    private final Duration horizon;
    private final Clock clock;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Map<String, List<AlertRow>> alertsByVisit = new LinkedHashMap<>();
    private final Map<String, List<ScoreRow>> scoresByVisit = new HashMap<>();
    /** Recent ECGs as received, least recently used first out: the dashboard draws the ones its visits scored. */
    private final LinkedHashMap<String, byte[]> ecgs;
    private final List<Consumer<AlertRow>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile boolean caughtUp;
    private long lastForget;

    public DashboardView(KafkaConnection kafka, Topics topics, Duration horizon, int ecgCapacity, Clock clock) {
        this.topics = topics;
        this.horizon = horizon;
        this.clock = clock;
        this.ecgs = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > ecgCapacity;
            }
        };
        this.consumer = new KafkaConsumer<>(kafka.config(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024)),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "dashboard-view");
        this.thread.setDaemon(true);
    }

    public DashboardView start() {
        thread.start();
        return this;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** Told of every new alert (after start-up catch-up too): the live stream for dashboards. */
    public void onAlert(Consumer<AlertRow> listener) {
        listeners.add(listener);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (var t : List.of(topics.ecgRecorded, topics.ecgScores, topics.triageAlerts)) {
                for (int p = 0; p < t.partitions(); p++) {
                    partitions.add(new TopicPartition(t.name(), p));
                }
            }
            consumer.assign(partitions);
            long from = clock.millis() - horizon.toMillis();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, from));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query, Duration.ofSeconds(60));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp o = offsets.get(tp);
                consumer.seek(tp, o != null ? o.offset() : ends.get(tp));
            }
            while (!closed) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        take(r);
                    }
                }
                if (!caughtUp && partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp))) {
                    caughtUp = true;
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("dashboard view stopped: dashboards no longer update", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.topic().equals(topics.ecgRecorded.name())) {
                synchronized (this) {
                    ecgs.put(topics.ecgRecorded.deserializeValue(r.value()).getEcgId(), r.value());
                }
            } else if (r.topic().equals(topics.ecgScores.name())) {
                EcgScore s = topics.ecgScores.deserializeValue(r.value());
                if (s.getVisitId() != null) {
                    synchronized (this) {
                        scoresByVisit.computeIfAbsent(s.getVisitId(), k -> new ArrayList<>()).add(ScoreRow.of(s));
                    }
                }
            } else {
                TriageAlert a = topics.triageAlerts.deserializeValue(r.value());
                AlertRow row = AlertRow.of(a);
                synchronized (this) {
                    alertsByVisit.computeIfAbsent(a.getVisitId() != null ? a.getVisitId() : a.getPatientId(), k -> new ArrayList<>()).add(row);
                    forgetOld();
                }
                listeners.forEach(l -> l.accept(row));
            }
        } catch (RuntimeException e) {
            LOG.warnf("dashboard skips an unreadable record at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    /** At most once a minute: a sweep over every visit is not work to repeat for each alert. */
    private void forgetOld() {
        if (clock.millis() - lastForget < 60_000) {
            return;
        }
        lastForget = clock.millis();
        Instant cutoff = clock.instant().minus(horizon);
        alertsByVisit.entrySet().removeIf(e -> {
            boolean old = e.getValue().get(e.getValue().size() - 1).raisedAt().isBefore(cutoff);
            if (old) {
                scoresByVisit.remove(e.getKey());
            }
            return old;
        });
    }

    /** Visits with alerts, most urgent first, then newest first; {@code hospital} null for all hospitals. */
    public synchronized List<VisitView> board(String hospital) {
        List<VisitView> out = new ArrayList<>();
        for (String visit : alertsByVisit.keySet()) {
            VisitView v = visit(visit).orElseThrow();
            if (hospital == null || hospital.equals(v.hospitalId())) {
                out.add(v);
            }
        }
        out.sort(Comparator.comparingInt((VisitView v) -> v.current().urgency()).reversed()
                .thenComparing((VisitView v) -> v.current().raisedAt(), Comparator.reverseOrder()));
        return out;
    }

    public synchronized Optional<VisitView> visit(String visitId) {
        List<AlertRow> alerts = alertsByVisit.get(visitId);
        if (alerts == null) {
            return Optional.empty();
        }
        AlertRow current = alerts.stream().max(Comparator.comparingInt(AlertRow::urgency).thenComparing(AlertRow::raisedAt)).orElseThrow();
        List<ScoreRow> scores = List.copyOf(scoresByVisit.getOrDefault(visitId, List.of()));
        return Optional.of(new VisitView(visitId, current.patientId(), current.hospitalId(), current, List.copyOf(alerts), scores));
    }

    public Optional<EcgTrace> ecg(String ecgId) {
        byte[] raw;
        synchronized (this) {
            raw = ecgs.get(ecgId);
        }
        return raw == null ? Optional.empty() : Optional.of(EcgTrace.of(EcgEvents.toEcg(topics.ecgRecorded.deserializeValue(raw))));
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
