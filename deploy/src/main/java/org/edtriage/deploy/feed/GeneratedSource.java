package org.edtriage.deploy.feed;

import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.MinimalEcgGenerator;
import org.edtriage.ecg.wfdb.WfdbWriter;

import java.time.Instant;
import java.util.Random;

/**
 * Endless generated 12-lead records (the minimal generator until the cohort simulator exists), a few
 * ECGs per patient, some with ST elevation, written as real WFDB files so they take the real path.
 */
public final class GeneratedSource implements EcgSource {
    private final MinimalEcgGenerator generator;
    private final Random random;
    private long count;

    public GeneratedSource(long seed) {
        this.generator = new MinimalEcgGenerator(seed);
        this.random = new Random(seed);
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Record next() {
        long n = count++;
        String patient = "demo-patient-" + (n / 2); // two ECGs per patient
        String name = "gen" + String.format("%05d", n);
        double st = random.nextDouble() < 0.3 ? 0.1 + 0.3 * random.nextDouble() : 0;
        var ecg = generator.generate(name, Instant.now(), 10, 55 + random.nextInt(50), st,
                30 + random.nextInt(60), random.nextBoolean() ? Sex.FEMALE : Sex.MALE);
        var files = WfdbWriter.format16(ecg);
        return new Record(name, files.header(), files.data(), patient, "demo-visit-" + (n / 2));
    }

    @Override
    public String describe() {
        return "generated 12-lead 500 Hz records (minimal generator; the cohort simulator will replace it)";
    }
}
