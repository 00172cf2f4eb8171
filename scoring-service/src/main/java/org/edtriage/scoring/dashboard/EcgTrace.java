package org.edtriage.scoring.dashboard;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An ECG for drawing: every lead in millivolts, decimated to at most {@link #MAX_RATE_HZ} (plenty for a screen). */
public record EcgTrace(String ecgId, double samplingRateHz, Instant acquiredAt, List<LeadTrace> leads) {
    static final double MAX_RATE_HZ = 250;

    public record LeadTrace(String name, float[] mv) {
    }

    static EcgTrace of(Ecg ecg) {
        int step = Math.max(1, (int) Math.floor(ecg.samplingRateHz() / MAX_RATE_HZ));
        List<LeadTrace> leads = new ArrayList<>();
        for (Lead lead : ecg.withDerivedLimbLeads().leads()) {
            float[] mv = lead.millivolts();
            float[] out = new float[mv.length / step];
            for (int i = 0; i < out.length; i++) {
                out[i] = mv[i * step];
            }
            leads.add(new LeadTrace(lead.name(), out));
        }
        return new EcgTrace(ecg.recordName(), ecg.samplingRateHz() / step, ecg.acquiredAt(), leads);
    }
}
