package org.edtriage.load.bench;

import ai.djl.engine.Engine;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.edtriage.model.NetworkScorer;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.Head;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.mapping.EcgEvents;
import org.edtriage.schemas.registry.InMemorySchemaRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one ECG costs the scoring service in-process, without Kafka, for each deployed architecture: the
 * whole path (decode the Confluent-framed Avro event, unpack int16 leads, prepare to the model's contract,
 * infer) against its parts. The ratio full path / bare inference says where optimisation pays; compare
 * figures only within one run (shared, noisy machines).
 *
 * <p>The network is the architecture with the transfer head the service deploys, seeded but untrained:
 * its scores mean nothing, but the time a forward pass takes does not depend on the weights, so training
 * would not change the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"})
public class ScoringPathBenchmark {
    @Param({"cnn20k", "rn900k"})
    public String architecture;

    private NetworkScorer scorer;
    private Topics topics;
    private byte[] event;
    private float[][] prepared;
    private Ecg ecg;

    @Setup
    public void setUp() {
        Engine.getEngine("PyTorch").setRandomSeed(7);
        scorer = NetworkScorer.of(Architectures.build(architecture, new Head.NystromTransfer()), architecture, "bench", 1);
        topics = new Topics(new InMemorySchemaRegistry(), true);
        ecg = EcgSynthesizer.example("bench", Instant.parse("2026-11-22T08:00:00Z"), 10, 72, 0.2, 60, Sex.MALE, 1);
        EcgRecorded recorded = EcgEvents.toEvent(ecg, new EcgEvents.Provenance("ecg-bench", "p-bench", "v-bench", "bench", "bench",
                null, Instant.parse("2026-11-22T08:00:01Z")), List.of());
        event = topics.ecgRecorded.serializeValue(recorded);
        prepared = scorer.contract().prepare(ecg);
    }

    @TearDown
    public void tearDown() {
        scorer.close();
    }

    @Benchmark
    public float bareInference() {
        return scorer.scoreOne(prepared);
    }

    @Benchmark
    public float[][] prepareOnly() {
        return scorer.contract().prepare(ecg);
    }

    @Benchmark
    public Ecg decodeOnly() {
        return EcgEvents.toEcg(topics.ecgRecorded.deserializeValue(event));
    }

    @Benchmark
    public float fullPath() {
        Ecg decoded = EcgEvents.toEcg(topics.ecgRecorded.deserializeValue(event));
        return scorer.scoreOne(scorer.contract().prepare(decoded));
    }
}
