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
 *
 * @param notes what was read although it deviates from the specification or the header (the
 *              header's own notes first); {@link #toEcg()} does not carry them
 */
public record WfdbRecord(WfdbHeader header, List<WfdbSignalSpec> specs, List<int[]> samples, List<WfdbNote> notes) {

    /** WFDB's marker for an invalid (missing) sample in the 16-bit formats. */
    public static final int INVALID_SAMPLE = -32768;

    public WfdbRecord {
        notes = List.copyOf(notes);
    }

    public long frames() {
        return specs.isEmpty() ? 0 : samples.get(0).length / specs.get(0).samplesPerFrame();
    }

    /** Physical value of sample {@code i} of signal {@code s}, in the signal's units. */
    public double physical(int s, int i) {
        WfdbSignalSpec spec = specs.get(s);
        return (samples.get(s)[i] - spec.baseline()) / spec.gain();
    }

    /**
     * Signal {@code s} in frame {@code frame} as rdsamp reports it without {@code -H}: the mean of the
     * frame's samples, rounded to the nearest (halves up) as WFDB 10.7 does, and invalid when
     * any of them is.
     */
    public int frameValue(int s, long frame) {
        int spf = specs.get(s).samplesPerFrame();
        int[] x = samples.get(s);
        long sum = 0;
        for (int k = 0; k < spf; k++) {
            int v = x[(int) (frame * spf + k)];
            if (v == INVALID_SAMPLE) {
                return INVALID_SAMPLE;
            }
            sum += v;
        }
        return (int) Math.round((double) sum / spf); // to the nearest, halves up, as WFDB 10.7's meansamp does
    }

    /**
     * As an {@link Ecg}. When every signal has the same samples per frame, at frame rate × that number
     * (nothing is lost: every signal has every sample); otherwise at the frame rate, one value per frame
     * and signal, rdsamp's default (low resolution) reading, which averages an oversampled signal's samples
     * within each frame.
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
            int[] x = uniform || s.samplesPerFrame() == 1 ? samples.get(i) : frameValues(i);
            double perMillivolt = perMillivolt(record, s);
            if (perMillivolt < 0) {
                // a Lead's gain is positive: an inverted signal becomes its mirror image (−adc about −baseline), same millivolts
                leads.add(new Lead(s.description(), negated(x), -perMillivolt, -s.baseline()));
            } else {
                leads.add(new Lead(s.description(), x, perMillivolt, s.baseline()));
            }
        }
        var acquiredAt = header.baseDate() != null && header.baseTime() != null
                ? LocalDateTime.of(header.baseDate(), header.baseTime()).toInstant(ZoneOffset.UTC) : null;
        return new Ecg(record, header.samplingFrequency() * (uniform ? spf : 1), leads, acquiredAt, header.age().orElse(null), header.sex());
    }

    private int[] frameValues(int s) {
        int[] out = new int[samples.get(s).length / specs.get(s).samplesPerFrame()];
        for (int f = 0; f < out.length; f++) {
            out[f] = frameValue(s, f);
        }
        return out;
    }

    private static int[] negated(int[] x) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] == INVALID_SAMPLE ? INVALID_SAMPLE : -x[i];
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
