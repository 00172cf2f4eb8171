package org.edtriage.ecg.philips;

/**
 * The end of a Philips parsed waveform is not ECG: the real 1.04.01 export's 11 s (its durationperchannel)
 * are 10.6 s of ECG, then 0.1 s of zeros, a 0.2 s pulse of exactly 1 mV in every lead, and 0.1 s of zeros
 * — a cardiograph's calibration mark for the printed page. Left in, a model would see a square wave at the
 * end of every lead, so it is cut off; only this exact shape is cut: zeros (any number, also none), then
 * at least one sample of exactly +1 mV in all leads at once, then at least one sample of zeros in all
 * leads, and ECG before them. III = II − I everywhere in an ECG, so no ECG sample can be +1 mV in I, II
 * and III at once: the shape cannot be mistaken for signal. Anything else is left as stored.
 */
final class CalibrationTail {
    private CalibrationTail() {
    }

    /**
     * The number of samples before the calibration tail; all of them when there is none or when 1 mV is
     * not a whole number of units.
     */
    static int signalLength(int[][] leads, double unitsPerMv) {
        int n = leads[0].length;
        long pulse = Math.round(unitsPerMv);
        if (pulse <= 0 || pulse != unitsPerMv) {
            return n;
        }
        int t = n;
        while (t > 0 && allEqual(leads, t - 1, 0)) {
            t--;
        }
        int pulseEnd = t;
        while (t > 0 && allEqual(leads, t - 1, pulse)) {
            t--;
        }
        if (t == pulseEnd) {
            return n;
        }
        int gapEnd = t;
        while (t > 0 && allEqual(leads, t - 1, 0)) {
            t--;
        }
        return t == gapEnd || t == 0 ? n : t;
    }

    private static boolean allEqual(int[][] leads, int t, long value) {
        for (int[] lead : leads) {
            if (lead[t] != value) {
                return false;
            }
        }
        return true;
    }
}
