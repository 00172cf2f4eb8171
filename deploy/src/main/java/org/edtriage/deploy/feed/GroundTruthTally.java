package org.edtriage.deploy.feed;

import org.edtriage.schemas.events.AlertLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a run's alerts matched what the simulator knows: per chest-pain visit fed, whether it was an AMI, and the
 * highest alert level it got (a visit's alerts only ever escalate). Visits are keyed as they appear on Kafka (the
 * pseudonym ingest gave them), so the feed registers each with its pseudonym.
 */
public final class GroundTruthTally {
    private final Map<String, Boolean> truth = new ConcurrentHashMap<>();
    private final Map<String, AlertLevel> highest = new ConcurrentHashMap<>();

    public void fed(String visitId, boolean ami) {
        truth.put(visitId, ami);
    }

    public void alert(String visitId, AlertLevel level) {
        highest.merge(visitId, level, (a, b) -> a.ordinal() >= b.ordinal() ? a : b);
    }

    /** One line per level: how many AMI and non-AMI visits ended there; then sensitivity of rule-out and specificity of rule-in. */
    public List<String> summary() {
        long ami = truth.values().stream().filter(b -> b).count(), rest = truth.size() - ami;
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "alerts against the simulator's ground truth: %d chest-pain visits fed, %d with an AMI", truth.size(), ami));
        long[] amiAt = new long[AlertLevel.values().length], restAt = new long[AlertLevel.values().length];
        long amiNone = 0, restNone = 0;
        for (var e : truth.entrySet()) {
            AlertLevel level = highest.get(e.getKey());
            if (level == null) {
                if (e.getValue()) {
                    amiNone++;
                } else {
                    restNone++;
                }
            } else if (e.getValue()) {
                amiAt[level.ordinal()]++;
            } else {
                restAt[level.ordinal()]++;
            }
        }
        for (AlertLevel level : AlertLevel.values()) {
            lines.add(String.format(Locale.ROOT, "  %-9s %4d AMI visits, %4d without AMI", level, amiAt[level.ordinal()], restAt[level.ordinal()]));
        }
        lines.add(String.format(Locale.ROOT, "  %-9s %4d AMI visits, %4d without AMI (not scored yet when the run ended)", "no alert", amiNone, restNone));
        int out = AlertLevel.RULE_OUT.ordinal(), in = AlertLevel.RULE_IN.ordinal();
        long amiScored = ami - amiNone, restScored = rest - restNone;
        if (amiScored > 0 && restScored > 0) {
            lines.add(String.format(Locale.ROOT, "  rule-out missed %d of %d AMI visits (sensitivity %.0f %%); rule-in flagged %d of %d visits without AMI "
                            + "(specificity %.0f %%)", amiAt[out], amiScored, 100.0 * (amiScored - amiAt[out]) / amiScored, restAt[in], restScored,
                    100.0 * (restScored - restAt[in]) / restScored));
        }
        return lines;
    }
}
