package org.edtriage.ecg;

import java.util.Objects;

/**
 * One lead: integer ADC samples with the gain and baseline that turn them into millivolts, exactly
 * as the device wrote them (no rounding on the way in, so a file written back is byte-identical).
 */
public final class Lead {
    private final String name;
    private final int[] samples;
    private final double gainPerMv;
    private final int baseline;

    public Lead(String name, int[] samples, double gainPerMv, int baseline) {
        if (!(gainPerMv > 0) || Double.isInfinite(gainPerMv)) {
            throw new IllegalArgumentException("lead " + name + ": gain must be a positive number of ADC units per mV, was " + gainPerMv);
        }
        this.name = LeadName.normalise(Objects.requireNonNull(name, "name"));
        this.samples = Objects.requireNonNull(samples, "samples");
        this.gainPerMv = gainPerMv;
        this.baseline = baseline;
    }

    public String name() {
        return name;
    }

    /** The ADC samples; not copied, do not modify. */
    public int[] samples() {
        return samples;
    }

    public int length() {
        return samples.length;
    }

    public double gainPerMv() {
        return gainPerMv;
    }

    public int baseline() {
        return baseline;
    }

    public double millivolts(int index) {
        return (samples[index] - baseline) / gainPerMv;
    }

    public float[] millivolts() {
        float[] mv = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            mv[i] = (float) ((samples[i] - baseline) / gainPerMv);
        }
        return mv;
    }

    /** Whether every sample fits a signed 16-bit integer, as the event contract carries them. */
    public boolean fitsInt16() {
        for (int s : samples) {
            if (s < Short.MIN_VALUE || s > Short.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }
}
