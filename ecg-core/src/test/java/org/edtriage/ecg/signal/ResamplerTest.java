package org.edtriage.ecg.signal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResamplerTest {

    @Test
    void keepsAnInBandSineAndItsLength() {
        float[] x = sine(10, 500, 5000);
        float[] y = Resampler.resample(x, 500, 100);
        assertEquals(1000, y.length);
        float[] expected = sine(10, 100, 1000);
        for (int i = 50; i < 950; i++) {
            assertEquals(expected[i], y[i], 0.02, "sample " + i);
        }
    }

    @Test
    void removesAFrequencyAboveTheNewNyquistInsteadOfAliasingIt() {
        // 60 Hz mains at 500 Hz, resampled to 100 Hz: plain decimation would fold it to 40 Hz at full amplitude
        float[] y = Resampler.resample(sine(60, 500, 5000), 500, 100);
        double rms = 0;
        for (int i = 50; i < 950; i++) {
            rms += y[i] * y[i];
        }
        rms = Math.sqrt(rms / 900);
        assertTrue(rms < 0.02, "residual rms " + rms);
    }

    private static float[] sine(double hz, double rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
        }
        return x;
    }

    @Test
    void upsamplesMitBihRateToTheRibeiroRate() {
        // 360 -> 400 Hz (RN-7M's input rate): 10 fractional phases, each must interpolate correctly
        float[] y = Resampler.resample(sine(5, 360, 3600), 360, 400);
        assertEquals(4000, y.length);
        float[] expected = sine(5, 400, 4000);
        for (int i = 100; i < 3900; i++) {
            assertEquals(expected[i], y[i], 0.01, "sample " + i);
        }
    }
}
