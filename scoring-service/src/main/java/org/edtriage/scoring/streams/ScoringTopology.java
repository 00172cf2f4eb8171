package org.edtriage.scoring.streams;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.edtriage.schemas.Topic;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EdVisit;
import org.edtriage.schemas.events.RejectedMessage;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * ecg.recorded (keyed by patient) and ed.visits (re-keyed by patient through a repartition topic with as
 * many partitions) meet in one {@link ScoringProcessor} per partition, which owns three stores: the visits
 * of each patient, ECGs waiting for their visit, and ECGs in flight to the scoring engine. Its output goes
 * to ecg.scores, ecg.scores.shadow, triage.alerts and the dead-letter topic. Values are read as bytes and
 * decoded inside, so a poison record is routed with its reason instead of stopping the stream.
 *
 * <p>The stores are cached: an ECG that waits for its visit, or is in flight, for less than a commit interval
 * (the usual case) is put and deleted in the cache and never reaches RocksDB or its changelog as a whole
 * ECG; whatever is still there at a commit is flushed before the offsets commit, so exactly-once holds.
 */
public final class ScoringTopology {
    private static final String LARGE_VALUES = Integer.toString(8 * 1024 * 1024); // a changelog record holds a whole ECG

    private ScoringTopology() {
    }

    public static Topology build(Topics topics, Supplier<ScoringProcessor> processors, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(store(ScoringProcessor.VISITS, JsonSerde.of(PatientVisits.class)));
        builder.addStateStore(store(ScoringProcessor.PENDING, Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScoringProcessor.IN_FLIGHT), Serdes.Long(), Serdes.ByteArray())
                .withLoggingEnabled(Map.of("max.message.bytes", LARGE_VALUES)).withCachingEnabled());

        KStream<String, Inbound> ecgs = builder
                .stream(topics.ecgRecorded.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("ecgs"))
                .mapValues(raw -> new Inbound(Inbound.Kind.ECG, raw), Named.as("ecg-in"));

        KStream<String, VisitRead> visitsRead = builder
                .stream(topics.edVisits.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("visits"))
                .mapValues((key, raw) -> VisitRead.of(topics.edVisits, key, raw), Named.as("visit-read"));
        visitsRead.filter((k, v) -> v.reason() != null, Named.as("visit-poison"))
                .mapValues((k, v) -> rejection(topics.edVisits, k, v, clock), Named.as("visit-rejection"))
                .to(topics.deadLetter.name(), Produced.with(topics.deadLetter.keySerde(), topics.deadLetter.valueSerde()));
        KStream<String, Inbound> visits = visitsRead.filter((k, v) -> v.reason() == null, Named.as("visit-ok"))
                .map((k, v) -> KeyValue.pair(v.patientId(), v.raw()), Named.as("visit-by-patient"))
                .repartition(Repartitioned.<String, byte[]>as("visits-by-patient").withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray())
                        .withNumberOfPartitions(topics.ecgRecorded.partitions()))
                .mapValues(raw -> new Inbound(Inbound.Kind.VISIT, raw), Named.as("visit-in"));

        KStream<String, Outbound> out = ecgs.merge(visits, Named.as("ecgs-and-visits"))
                .process(processors::get, Named.as("scoring"), ScoringProcessor.VISITS, ScoringProcessor.PENDING, ScoringProcessor.IN_FLIGHT);
        out.split(Named.as("out-"))
                .branch((k, o) -> o instanceof Outbound.Score, Branched.withConsumer(s -> s.mapValues(o -> ((Outbound.Score) o).score())
                        .to(topics.ecgScores.name(), Produced.with(topics.ecgScores.keySerde(), topics.ecgScores.valueSerde())), "scores"))
                .branch((k, o) -> o instanceof Outbound.Shadow, Branched.withConsumer(s -> s.mapValues(o -> ((Outbound.Shadow) o).score())
                        .to(topics.shadowScores.name(), Produced.with(topics.shadowScores.keySerde(), topics.shadowScores.valueSerde())), "shadow"))
                .branch((k, o) -> o instanceof Outbound.Alert, Branched.withConsumer(s -> s.mapValues(o -> ((Outbound.Alert) o).alert())
                        .to(topics.triageAlerts.name(), Produced.with(topics.triageAlerts.keySerde(), topics.triageAlerts.valueSerde())), "alerts"))
                .branch((k, o) -> o instanceof Outbound.Rejected, Branched.withConsumer(s -> s.mapValues(o -> ((Outbound.Rejected) o).message())
                        .to(topics.deadLetter.name(), Produced.with(topics.deadLetter.keySerde(), topics.deadLetter.valueSerde())), "rejected"));
        return builder.build();
    }

    /** A supplier of processors sharing one engine, as the service and the tests build it. */
    public static Supplier<ScoringProcessor> processors(Topics topics, org.edtriage.scoring.engine.EcgScoring engine, VisitWindow window,
                                                        Clock clock, ScoringMetrics metrics, Duration drainEvery) {
        return () -> new ScoringProcessor(topics, engine, window, clock, metrics, drainEvery);
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, org.apache.kafka.common.serialization.Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withLoggingEnabled(Map.of("max.message.bytes", LARGE_VALUES)).withCachingEnabled();
    }

    /** A visit event read far enough to re-key it by patient, or why it cannot be. */
    record VisitRead(String patientId, byte[] raw, String reason) {
        static VisitRead of(Topic<String, EdVisit> topic, String key, byte[] raw) {
            try {
                EdVisit v = topic.deserializeValue(raw);
                if (v == null) {
                    return new VisitRead(null, raw, "tombstone (null value)");
                }
                return new VisitRead(v.getPatientId(), raw, null);
            } catch (RuntimeException e) {
                return new VisitRead(null, raw, "undecodable: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private static RejectedMessage rejection(Topic<String, EdVisit> topic, String key, VisitRead v, Clock clock) {
        return RejectedMessage.newBuilder().setSourceId(key == null ? "unknown" : key).setSource("scoring:" + topic.name())
                .setReason(v.reason()).setRaw(ByteBuffer.wrap(v.raw() == null ? new byte[0] : v.raw()))
                .setContentType("application/vnd.confluent.avro").setRejectedAt(clock.instant()).build();
    }
}
