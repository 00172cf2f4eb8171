package org.edtriage.deploy.feed;

import org.edtriage.schemas.events.AlertLevel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroundTruthTallyTest {
    @Test
    void eachVisitCountsAtItsHighestAlertAgainstWhatItWas() {
        GroundTruthTally t = new GroundTruthTally();
        t.fed("v-ami-1", true);
        t.fed("v-ami-2", true);
        t.fed("v-ok-1", false);
        t.fed("v-ok-2", false);
        t.fed("v-ok-3", false);
        t.alert("v-ami-1", AlertLevel.OBSERVE);
        t.alert("v-ami-1", AlertLevel.RULE_IN); // escalated
        t.alert("v-ami-2", AlertLevel.RULE_OUT); // missed
        t.alert("v-ok-1", AlertLevel.RULE_OUT);
        t.alert("v-ok-2", AlertLevel.RULE_IN); // a false alarm
        t.alert("not-fed-by-this-run", AlertLevel.RULE_IN);
        List<String> lines = t.summary();
        assertTrue(lines.get(0).contains("5 chest-pain visits fed, 2 with an AMI"), lines.get(0));
        assertTrue(lines.get(1).matches(".*RULE_OUT\\s+1 AMI visits,\\s+1 without AMI"), lines.get(1));
        assertTrue(lines.get(3).matches(".*RULE_IN\\s+1 AMI visits,\\s+1 without AMI"), lines.get(3));
        assertTrue(lines.get(4).matches(".*no alert\\s+0 AMI visits,\\s+1 without AMI.*"), lines.get(4));
        assertEquals("  rule-out missed 1 of 2 AMI visits (sensitivity 50 %); rule-in flagged 1 of 2 visits without AMI (specificity 50 %)", lines.get(5));
    }
}
