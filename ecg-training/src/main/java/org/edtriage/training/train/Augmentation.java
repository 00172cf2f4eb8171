package org.edtriage.training.train;

import org.edtriage.ecg.simulate.Gaussians;

import java.util.Random;

/**
 * Random changes to training ECGs that keep their label, applied to each batch as it is read (never to validation
 * or test ECGs): amplitude scaling per ECG (electrode placement, body habitus), Gaussian noise, baseline wander (a
 * slow sinusoid per lead), a lead dropped to zero (lead off), and a circular shift of the rhythm in time. The
 * median beat after the rhythm ({@code rhythmSamples} onward) is scaled and noised with its ECG but never shifted
 * or given wander: it is already aligned and baseline-corrected, and those are what make it informative.
 *
 * @param amplitude  each ECG is scaled by a factor uniform in [1 − amplitude, 1 + amplitude]
 * @param noiseMv    SD of white noise added to the rhythm (a tenth of it to the beat, a median of ~10 beats)
 * @param wanderMv   amplitude of a 0.05–0.5 Hz sinusoid added to each rhythm lead
 * @param leadDropout probability that one random lead of an ECG is zeroed
 * @param shift      whether the rhythm is rotated by a random offset (a 10 s strip starts at an arbitrary beat)
 */
public record Augmentation(double amplitude, double noiseMv, double wanderMv, double leadDropout, boolean shift) {
    public static final Augmentation NONE = new Augmentation(0, 0, 0, 0, false);

    public boolean none() {
        return amplitude == 0 && noiseMv == 0 && wanderMv == 0 && leadDropout == 0 && !shift;
    }

    /**
     * Augments {@code count} ECGs laid out one after another in {@code x}, each {@code rows × columns}, the first
     * {@code rhythmSamples} of each row the rhythm at {@code rateHz}.
     */
    public void apply(float[] x, int count, int rows, int columns, int rhythmSamples, double rateHz, Random random) {
        apply(x, count, rows, columns, columns, rhythmSamples, rateHz, random);
    }

    /**
     * As above, where only the first {@code signalColumns} of each row are signal: measurements after them
     * ({@code InputContract.Representation.SIGNAL_AND_FEATURES}) are left exactly as measured, a dropped lead included.
     */
    public void apply(float[] x, int count, int rows, int columns, int signalColumns, int rhythmSamples, double rateHz, Random random) {
        if (none()) {
            return;
        }
        float[] rotated = shift ? new float[rhythmSamples] : null;
        for (int e = 0; e < count; e++) {
            double scale = 1 + amplitude * (2 * random.nextDouble() - 1);
            int dropped = random.nextDouble() < leadDropout ? random.nextInt(rows) : -1;
            int offset = shift ? random.nextInt(rhythmSamples) : 0;
            for (int r = 0; r < rows; r++) {
                int base = (e * rows + r) * columns;
                if (r == dropped) {
                    java.util.Arrays.fill(x, base, base + signalColumns, 0f);
                    continue;
                }
                if (offset > 0) {
                    System.arraycopy(x, base + offset, rotated, 0, rhythmSamples - offset);
                    System.arraycopy(x, base, rotated, rhythmSamples - offset, offset);
                    System.arraycopy(rotated, 0, x, base, rhythmSamples);
                }
                double wander = wanderMv * random.nextDouble();
                double hz = 0.05 + 0.45 * random.nextDouble(), phase = 2 * Math.PI * random.nextDouble();
                // the wander's sinusoid by rotating a unit vector, the noise from the simulator's table of normal
                // variates: Math.sin and Random.nextGaussian for every sample of every lead cost more than the network
                double step = 2 * Math.PI * hz / rateHz, c = Math.cos(step), sn = Math.sin(step);
                double re = Math.cos(phase), im = Math.sin(phase);
                for (int i = 0; i < signalColumns; i++) {
                    boolean inRhythm = i < rhythmSamples;
                    double v = x[base + i] * scale;
                    if (noiseMv > 0) {
                        v += (inRhythm ? noiseMv : noiseMv / 10) * Gaussians.next(random);
                    }
                    if (inRhythm && wander > 0) {
                        v += wander * im;
                        double nr = re * c - im * sn;
                        im = re * sn + im * c;
                        re = nr;
                    }
                    x[base + i] = (float) v;
                }
            }
        }
    }
}
