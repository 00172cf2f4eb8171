package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoded WFDB record: its header and, per signal, every sample in digital units (a signal with
 * {@code n} samples per frame has {@code n × frames} samples).
 */
public record WfdbRecord(WfdbHeader header, List<WfdbSignalSpec> specs, List<int[]> samples) {

    /** WFDB's marker for an invalid (missing) sample in the 16-bit formats. */
    public static final int INVALID_SAMPLE = -32768;

    public long frames() {
        return specs.isEmpty() ? 0 : samples.get(0).length / specs.get(0).samplesPerFrame();
    }

    /** Physical value of sample {@code i} of signal {@code s}, in the signal's units. */
    public double physical(int s, int i) {
        WfdbSignalSpec spec = specs.get(s);
        return (samples.get(s)[i] - spec.baseline()) / spec.gain();
    }

    /**
     * As an {@link Ecg}. When every signal has the same samples per frame the ECG runs at
     * frame rate × that number; otherwise each signal is averaged per frame (rdsamp's default
     * "low resolution" reading).
     */
    public Ecg toEcg() {
        String record = header.recordName();
        if (specs.isEmpty()) {
            throw new WfdbFormatException(record, "signals", "the record has no signals");
        }
        int spf = specs.get(0).samplesPerFrame();
        boolean uniform = specs.stream().allMatch(s -> s.samplesPerFrame() == spf);
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            WfdbSignalSpec s = specs.get(i);
            int[] x = uniform ? samples.get(i) : frameAverage(samples.get(i), s.samplesPerFrame());
            leads.add(new Lead(s.description(), x, perMillivolt(record, s), s.baseline()));
        }
        var acquiredAt = header.baseDate() != null && header.baseTime() != null
                ? LocalDateTime.of(header.baseDate(), header.baseTime()).toInstant(ZoneOffset.UTC) : null;
        double rate = header.samplingFrequency() * (uniform ? spf : 1);
        return new Ecg(record, rate, leads, acquiredAt, header.age().orElse(null), header.sex());
    }

    private static int[] frameAverage(int[] x, int spf) {
        int[] out = new int[x.length / spf];
        for (int f = 0; f < out.length; f++) {
            long sum = 0;
            for (int k = 0; k < spf; k++) {
                sum += x[f * spf + k];
            }
            out[f] = (int) Math.round((double) sum / spf);
        }
        return out;
    }

    static double perMillivolt(String record, WfdbSignalSpec s) {
        return switch (s.units()) {
            case "mV" -> s.gain();
            case "uV", "µV" -> s.gain() * 1000;
            case "V" -> s.gain() / 1000;
            default -> throw new WfdbFormatException(record, "units", "signal " + s.description() + " is in '" + s.units() + "', not a voltage");
        };
    }
}
