package org.edtriage.load.bench;

import org.edtriage.ecg.wfdb.SignalFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/** WFDB decoding speed per storage format, over 4 MiB of data: MB/s = 4.194 / (ms per op) × 1000. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class WfdbDecodeBenchmark {
    static final int BYTES = 4 * 1024 * 1024;

    @Param({"F8", "F16", "F61", "F80", "F160", "F212", "F310", "F311", "F24", "F32"})
    public String format;

    private SignalFormat f;
    private byte[] data;
    private int samples;

    @Setup
    public void setUp() {
        f = SignalFormat.valueOf(format);
        data = new byte[BYTES];
        new Random(1).nextBytes(data);
        samples = (int) f.samplesIn(BYTES);
    }

    @Benchmark
    public int[] decode() {
        return f.decode(data, 0, samples);
    }
}
