package org.edtriage.ecg.philips;

import java.util.List;

/**
 * Philips stores leads III, aVR, aVL and aVF of its parsed waveforms not as signals but as residuals: what
 * remains after deriving them from I and II. In the real 1.04.01 export those four chunks are zero for the
 * whole ECG and non-zero only in the calibration pulse at its end, where every lead shows its own 1 mV
 * (so III there is not II − I). Restoring them as sierra-ecg-tools does —
 * III = II − I − r, aVR = −⌊(I + II)/2⌋ − r, aVL = ⌊(I − III)/2⌋ − r, aVF = ⌊(II + III)/2⌋ − r (r the stored
 * residual, III the restored lead) — gives, over that export's ECG, III = II − I sample for sample and the
 * augmented leads within half a unit of −(I + II)/2, I − II/2 and II − I/2; read as stored they would be
 * flat lines.
 */
final class LimbLeadResiduals {
    static final List<String> STORED_AS_RESIDUALS = List.of("III", "aVR", "aVL", "aVF");

    private LimbLeadResiduals() {
    }

    /**
     * Restores the four leads in place when present; they must come with I and II (and with each other,
     * aVL and aVF being restored from the restored III).
     */
    static void restore(List<String> names, int[][] leads, String document) {
        if (STORED_AS_RESIDUALS.stream().noneMatch(names::contains)) {
            return;
        }
        for (String needed : List.of("I", "II", "III", "aVR", "aVL", "aVF")) {
            if (!names.contains(needed)) {
                throw new PhilipsFormatException(document, "leads", "Philips stores III, aVR, aVL and aVF as residuals "
                        + "against I and II; lead " + needed + " is missing from '" + String.join(" ", names) + "'");
            }
        }
        int[] i = leads[names.indexOf("I")];
        int[] ii = leads[names.indexOf("II")];
        int[] iii = leads[names.indexOf("III")];
        int[] avr = leads[names.indexOf("aVR")];
        int[] avl = leads[names.indexOf("aVL")];
        int[] avf = leads[names.indexOf("aVF")];
        for (int t = 0; t < i.length; t++) {
            iii[t] = ii[t] - i[t] - iii[t];
            avr[t] = -Math.floorDiv(i[t] + ii[t], 2) - avr[t];
            avl[t] = Math.floorDiv(i[t] - iii[t], 2) - avl[t];
            avf[t] = Math.floorDiv(ii[t] + iii[t], 2) - avf[t];
        }
    }
}
