package org.edtriage.load.bench;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.edtriage.ecg.wfdb.WfdbReader;
import org.edtriage.ecg.wfdb.WfdbWriter;
import org.edtriage.ecg.documents.EcgDocuments;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * One 12-lead ECG read per operation, per format ingest takes: ECG/s = 1,000,000 / (µs per op); MB/s = the document's
 * size (printed at tear-down) / (µs per op). WFDB is a synthesised 10 s 500 Hz record (format 16); the vendor documents
 * are the real exports in ../shared/data (-Dtriage.shared.data=DIR), so this benchmark needs them; DICOM is a real
 * cart's object (Mortara ELI 250, 12 leads, 10 s at 1,000 Hz) kept with its licence in ecg-core's test resources.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EcgReaderBenchmark {
    @Param({"wfdb-16", "ge-muse", "philips-xli", "hl7-aecg", "dicom"})
    public String format;

    private byte[] header;
    private byte[] document;
    private final EcgDocuments documents = new EcgDocuments(ZoneOffset.UTC);

    @Setup
    public void setUp() throws Exception {
        Path shared = Path.of(System.getProperty("triage.shared.data", "../shared/data"));
        switch (format) {
            case "wfdb-16" -> {
                Ecg ecg = EcgSynthesizer.example("bench", Instant.parse("2026-11-22T08:00:00Z"), 10, 72, 0.1, null, Sex.MALE, 1);
                WfdbWriter.WfdbFiles files = WfdbWriter.format16(ecg);
                header = files.header();
                document = files.data();
            }
            case "ge-muse" -> document = Files.readAllBytes(shared.resolve("vendor-xml/ge-muse/muse_ecg1.xml"));
            case "philips-xli" -> document = Files.readAllBytes(shared.resolve("vendor-xml/philips/2020-5-18_15-48-11.xml"));
            case "hl7-aecg" -> document = Files.readAllBytes(shared.resolve("aecg/HL7_2003-12_Example_aECG.xml"));
            case "dicom" -> {
                try (var in = EcgReaderBenchmark.class.getResourceAsStream("/dicom/waveform_ecg.dcm")) {
                    document = in.readAllBytes();
                }
            }
            default -> throw new IllegalArgumentException(format);
        }
    }

    @Benchmark
    public Ecg read() throws Exception {
        return header != null ? WfdbReader.read(header, document) : documents.read(document, format);
    }

    @TearDown
    public void size() {
        System.out.printf("%n%s: %d bytes per ECG%n", format, document.length + (header == null ? 0 : header.length));
    }
}
