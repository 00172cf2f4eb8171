package org.edtriage.load.bench;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.hl7.OruEcg;
import org.edtriage.ecg.hl7.OruMapper;
import org.edtriage.ecg.hl7.OruShape;
import org.edtriage.ecg.hl7.OruWriter;
import org.edtriage.ecg.hl7.PatientIdentity;
import org.edtriage.ecg.signal.QualityCheck;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.edtriage.schemas.Topics;
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

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The CPU cost of one 12-lead 10 s 500 Hz ORU^R01 before Kafka: parse, and parse + check + event bytes. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class OruParseBenchmark {
    @Param({"PCD01", "PLAIN"})
    public String shape;

    private String message;
    private OruMapper mapper;
    private Topics topics;

    @Setup
    public void setUp() {
        Ecg ecg = EcgSynthesizer.example("b", Instant.parse("2026-11-22T08:00:00Z"), 10, 72, 0.1, null, Sex.MALE, 1);
        message = OruWriter.write(ecg, OruShape.valueOf(shape), "CTRL1", new PatientIdentity("1@H", "V", LocalDate.of(1960, 1, 1), Sex.MALE, "H"), ZoneOffset.UTC);
        mapper = new OruMapper(ZoneOffset.UTC);
        topics = new Topics(new InMemorySchemaRegistry(), true);
    }

    @Benchmark
    public OruEcg parse() {
        return mapper.read(message);
    }

    @Benchmark
    public byte[] parseCheckSerialise() {
        OruEcg read = mapper.read(message);
        QualityCheck.Result q = QualityCheck.check(read.ecg());
        return topics.ecgRecorded.serializeValue(EcgEvents.toEvent(read.ecg(),
                new EcgEvents.Provenance("e", "p", "v", "hl7-mllp", "CTRL1", null, Instant.EPOCH), q.flags()));
    }
}
