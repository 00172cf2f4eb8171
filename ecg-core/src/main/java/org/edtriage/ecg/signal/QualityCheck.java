package org.edtriage.ecg.signal;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.LeadName;

import java.util.ArrayList;
import java.util.List;

/**
 * What ingest checks before it accepts an ECG. A record that cannot be scored at all is refused with
 * the reason; a partially bad one is accepted with flags (FLAT_LEAD:V3, SATURATED_LEAD:I,
 * IMPLAUSIBLE_AMPLITUDE:II, MISSING_LEAD:aVF) so that nothing is dropped silently and the scorer
 * and training set can decide.
 */
public final class QualityCheck {
    public static final double MIN_SECONDS = 9.9;
    public static final double MIN_RATE_HZ = 50;
    public static final double MAX_RATE_HZ = 20_000;
    /** Resting ECG amplitudes stay well inside ±10 mV; beyond ±20 mV for 1 % of a lead is not physiology. */
    static final double IMPLAUSIBLE_MV = 20;
    static final double FLAT_RANGE_MV = 0.01;

    private QualityCheck() {
    }

    /** @param rejection why the ECG cannot be accepted, or null */
    public record Result(String rejection, List<String> flags) {
        public boolean accepted() {
            return rejection == null;
        }
    }

    public static Result check(Ecg ecg) {
        if (ecg.samplingRateHz() < MIN_RATE_HZ || ecg.samplingRateHz() > MAX_RATE_HZ) {
            return new Result("sampling rate " + ecg.samplingRateHz() + " Hz is outside " + MIN_RATE_HZ + "–" + MAX_RATE_HZ + " Hz", List.of());
        }
        if (ecg.durationSeconds() < MIN_SECONDS) {
            return new Result(String.format(java.util.Locale.ROOT, "the ECG lasts %.2f s; at least 10 s are needed", ecg.durationSeconds()), List.of());
        }
        List<String> flags = new ArrayList<>();
        int usable = 0;
        for (Lead lead : ecg.leads()) {
            int min = Integer.MAX_VALUE, max = Integer.MIN_VALUE;
            int extreme = 0;
            int implausible = 0;
            for (int v : lead.samples()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                if (v <= Short.MIN_VALUE || v >= Short.MAX_VALUE) {
                    extreme++;
                }
                if (Math.abs((v - lead.baseline()) / lead.gainPerMv()) > IMPLAUSIBLE_MV) {
                    implausible++;
                }
            }
            boolean bad = false;
            if ((max - min) / lead.gainPerMv() < FLAT_RANGE_MV) {
                flags.add("FLAT_LEAD:" + lead.name());
                bad = true;
            }
            if (extreme > lead.length() / 100) {
                flags.add("SATURATED_LEAD:" + lead.name());
                bad = true;
            }
            if (implausible > lead.length() / 100) {
                flags.add("IMPLAUSIBLE_AMPLITUDE:" + lead.name());
                bad = true;
            }
            if (!bad) {
                usable++;
            }
        }
        if (usable == 0) {
            return new Result("no usable lead: " + String.join(", ", flags), flags);
        }
        for (String standard : LeadName.STANDARD_12) {
            if (ecg.lead(standard).isEmpty()) {
                flags.add("MISSING_LEAD:" + standard);
            }
        }
        return new Result(null, List.copyOf(flags));
    }
}
