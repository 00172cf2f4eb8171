package org.edtriage.scoring.streams;

import org.edtriage.schemas.events.AlertLevel;
import org.edtriage.schemas.events.Thresholds;

/** Maps a probability to a triage level with the released model's thresholds. */
public record AlertPolicy(double ruleOut, double ruleIn) {

    public AlertPolicy {
        if (!(ruleOut <= ruleIn)) {
            throw new IllegalArgumentException("rule-out threshold " + ruleOut + " above rule-in threshold " + ruleIn);
        }
    }

    public AlertLevel level(double probability) {
        if (probability >= ruleIn) {
            return AlertLevel.RULE_IN;
        }
        return probability < ruleOut ? AlertLevel.RULE_OUT : AlertLevel.OBSERVE;
    }

    public Thresholds thresholds() {
        return Thresholds.newBuilder().setRuleOut(ruleOut).setRuleIn(ruleIn).build();
    }
}
