package org.edtriage.ecg.signal;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.LeadName;

import java.util.List;
import java.util.Optional;

/**
 * Picks leads in a model's order, in millivolts, deriving the limb leads a source left out from the
 * two it recorded (Einthoven and Goldberger: III = II − I, aVR = −(I + II)/2, aVL = I − II/2,
 * aVF = II − I/2).
 */
public final class LeadSet {
    private LeadSet() {
    }

    /** Each requested lead in mV; throws naming the missing lead when it is neither recorded nor derivable. */
    public static float[][] millivolts(Ecg ecg, List<String> order) {
        float[][] out = new float[order.size()][];
        for (int i = 0; i < order.size(); i++) {
            out[i] = lead(ecg, LeadName.normalise(order.get(i)));
        }
        return out;
    }

    private static float[] lead(Ecg ecg, String name) {
        Optional<Lead> recorded = ecg.lead(name);
        if (recorded.isPresent()) {
            return recorded.get().millivolts();
        }
        Optional<Lead> i = ecg.lead("I");
        Optional<Lead> ii = ecg.lead("II");
        if (i.isEmpty() || ii.isEmpty() || !List.of("III", "aVR", "aVL", "aVF").contains(name)) {
            throw new IllegalArgumentException(ecg.recordName() + ": lead " + name + " is missing and cannot be derived (has "
                    + ecg.leadNames() + ")");
        }
        float[] a = i.get().millivolts();
        float[] b = ii.get().millivolts();
        float[] out = new float[a.length];
        for (int t = 0; t < a.length; t++) {
            out[t] = switch (name) {
                case "III" -> b[t] - a[t];
                case "aVR" -> -(a[t] + b[t]) / 2;
                case "aVL" -> a[t] - b[t] / 2;
                default -> b[t] - a[t] / 2;
            };
        }
        return out;
    }
}
