package org.edtriage.ecg.vendorxml;

import org.edtriage.ecg.Ecg;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a reader that derives the limb leads (MUSE, Philips store I and II only) must give. */
public final class Einthoven {
    private Einthoven() {
    }

    /** III = II − I exactly, the augmented leads within half a unit of their definitions from I and II. */
    public static void assertLimbLeads(Ecg ecg) {
        int[] i = ecg.lead("I").orElseThrow().samples();
        int[] ii = ecg.lead("II").orElseThrow().samples();
        int[] iii = ecg.lead("III").orElseThrow().samples();
        int[] avr = ecg.lead("aVR").orElseThrow().samples();
        int[] avl = ecg.lead("aVL").orElseThrow().samples();
        int[] avf = ecg.lead("aVF").orElseThrow().samples();
        for (int t = 0; t < i.length; t++) {
            assertEquals(ii[t] - i[t], iii[t], "III sample " + t);
            assertEquals(-(i[t] + ii[t]) / 2.0, avr[t], 0.5, "aVR sample " + t);
            assertEquals(i[t] - ii[t] / 2.0, avl[t], 0.5, "aVL sample " + t);
            assertEquals(ii[t] - i[t] / 2.0, avf[t], 0.5, "aVF sample " + t);
        }
    }
}
