package org.edtriage.ecg.simulate;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.LeadName;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.signal.Butterworth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates a 12-lead ECG from a patient's traits: beat times from the rhythm (RSA, LF modulation,
 * jitter; AF; PVCs), the dipole as a sum of Gaussian waves per beat ({@link BeatModel}), projected
 * to the leads ({@link DowerTransform}), recording noise, the device's low-pass filter and ADC.
 * Deterministic for a given {@link Random} state.
 */
public final class EcgSynthesizer {
    private static final double SUPPORT_SIGMAS = 4.5;
    /** {@link NoiseProfile#TYPICAL} without electrode motion and lead-off: an example ECG passes the quality checks. */
    private static final NoiseProfile EXAMPLE_NOISE = new NoiseProfile(NoiseProfile.TYPICAL.wanderMv(), NoiseProfile.TYPICAL.mainsMv(),
            NoiseProfile.TYPICAL.emgMv(), 0, 0, 0);

    private EcgSynthesizer() {
    }

    /**
     * One 12-lead ECG of a simulated patient outside any cohort, for feeds, tests and benchmarks: traits drawn
     * for the age and sex ({@link TraitsModel#draw}) without a chronic condition, at the given rate, in sinus
     * rhythm, with an acute anterior MI when {@code stElevationMv} is not 0, recorded by {@link Device#CART_A}
     * (500 Hz, 1000 units/mV, leads in {@link LeadName#STANDARD_12} order) with typical noise but no electrode
     * motion or lead-off. Deterministic for a given seed.
     *
     * @param ageYears as the ECG reports it (null: unknown; the traits are then drawn for a 60-year-old)
     * @param stElevationMv ST elevation of the acute anterior MI in the facing leads (0: no MI)
     */
    public static Ecg example(String recordName, Instant acquiredAt, double seconds, double heartRateBpm, double stElevationMv,
                              Integer ageYears, Sex sex, long seed) {
        Random random = new Random(seed);
        PatientTraits d = TraitsModel.draw(seed, ageYears == null ? 60 : ageYears, sex, random);
        PatientTraits traits = new PatientTraits(d.patientNumber(), d.ageYears(), d.sex(), d.axisDeg(), d.horizontalDeg(), d.qrsScale(),
                d.tScale(), d.prMs(), d.qrsMs(), d.qtcMs(), heartRateBpm, d.hrvFraction(), d.pDurationMs(), d.anteriorStMv(),
                Condition.NONE, null);
        AcuteMi mi = stElevationMv == 0 ? null : new AcuteMi(Territory.ANTERIOR, stElevationMv, AcuteMi.Stage.ACUTE);
        Ecg ecg = synthesize(recordName, acquiredAt, seconds, traits, mi, Rhythm.SINUS, Device.CART_A, EXAMPLE_NOISE, random).ecg();
        return new Ecg(ecg.recordName(), ecg.samplingRateHz(), ecg.leads(), ecg.acquiredAt(), ageYears, sex);
    }

    public static SimulatedEcg synthesize(String recordName, Instant acquiredAt, double seconds, PatientTraits p, AcuteMi mi,
                                          Rhythm rhythm, Device device, NoiseProfile noise, Random random) {
        double fs = device.samplingRateHz();
        int n = (int) Math.round(seconds * fs);
        double[] x = new double[n], y = new double[n], z = new double[n];
        double rr0 = 60.0 / p.heartRateBpm();
        double respHz = 0.18 + 0.12 * random.nextDouble();
        double lfPhase = random.nextDouble() * 2 * Math.PI, hfPhase = random.nextDouble() * 2 * Math.PI;
        Vec3 pvcFocus = Vec3.frontal(random.nextBoolean() ? -70 : 110).plus(new Vec3(0, 0, random.nextBoolean() ? 0.7 : -0.7)).unit();
        boolean af = rhythm.kind() == Rhythm.Kind.ATRIAL_FIBRILLATION;

        List<Double> peaks = new ArrayList<>();
        double t = -random.nextDouble() * rr0;
        double pending = 0; // compensatory pause owed after a PVC
        while (t < seconds + 0.7) {
            double rr;
            if (af) {
                rr = clamp(rr0 * Math.exp(0.22 * random.nextGaussian()), 0.33, 1.9);
            } else {
                rr = rr0 * (1 + p.hrvFraction() * (0.6 * Math.sin(2 * Math.PI * 0.1 * t + lfPhase)
                        + 0.8 * Math.sin(2 * Math.PI * respHz * t + hfPhase)) + 0.008 * random.nextGaussian());
            }
            boolean pvc = !af && pending == 0 && random.nextDouble() < rhythm.pvcProbability();
            if (pvc) {
                double early = 0.62 * rr;
                t += early - rr; // fires early …
                pending = 2 * rr - early; // … and the next sinus beat comes after a compensatory pause
                add(BeatModel.pvcBeat(pvcFocus), t, fs, x, y, z);
            } else {
                add(BeatModel.sinusBeat(p, mi, rr, !af), t, fs, x, y, z);
            }
            if (t >= 0 && t < seconds) {
                peaks.add(t);
            }
            t += pvc ? pending : rr;
            pending = 0;
        }
        if (af) {
            addFibrillatoryWaves(x, y, z, fs, random);
        }
        double[][] mv = new double[12][n];
        DowerTransform.project(x, y, z, mv);
        String leadOff = addNoise(mv, fs, device, noise, respHz, random);
        List<Lead> leads = new ArrayList<>(12);
        Butterworth deviceFilter = Butterworth.applies(device.lowPassHz(), fs) ? new Butterworth(device.lowPassHz(), fs) : null;
        for (int l = 0; l < 12; l++) {
            double[] filtered = mv[l];
            if (deviceFilter != null) {
                deviceFilter.filter(filtered); // causal, as the cart's hardware filters
            }
            int[] adc = new int[n];
            for (int i = 0; i < n; i++) {
                adc[i] = (int) clamp(Math.round(filtered[i] * device.gainPerMv()), Short.MIN_VALUE + 1, Short.MAX_VALUE);
            }
            leads.add(new Lead(LeadName.STANDARD_12.get(l), adc, device.gainPerMv(), 0));
        }
        Ecg ecg = new Ecg(recordName, fs, leads, acquiredAt, p.ageYears(), p.sex());
        return new SimulatedEcg(ecg, p, mi, rhythm, device, noise, List.copyOf(peaks), leadOff);
    }

    private static void add(List<Wave> waves, double beat, double fs, double[] x, double[] y, double[] z) {
        int n = x.length;
        for (Wave w : waves) {
            double c = beat + w.centre();
            double s = w.sigma();
            int from = Math.max(0, (int) Math.floor((c - SUPPORT_SIGMAS * s) * fs));
            int to = Math.min(n - 1, (int) Math.ceil((c + SUPPORT_SIGMAS * s) * fs));
            double ax = w.amplitude().x(), ay = w.amplitude().y(), az = w.amplitude().z();
            double inv = 1 / (2 * s * s);
            for (int i = from; i <= to; i++) {
                double d = i / fs - c;
                double g = Math.exp(-d * d * inv);
                x[i] += ax * g;
                y[i] += ay * g;
                z[i] += az * g;
            }
        }
    }

    /** AF's f waves: 4–9 Hz atrial activity with slowly wandering frequency and amplitude. */
    private static void addFibrillatoryWaves(double[] x, double[] y, double[] z, double fs, Random random) {
        double f = 5 + 3 * random.nextDouble();
        double amp = 0.03 + 0.04 * random.nextDouble();
        double phase = 0;
        Vec3 dir = new Vec3(0.3, 0.6, -0.5).unit();
        for (int i = 0; i < x.length; i++) {
            double t = i / fs;
            phase += 2 * Math.PI * f * (1 + 0.08 * Math.sin(2 * Math.PI * 0.3 * t)) / fs;
            double v = amp * (0.7 + 0.3 * Math.sin(2 * Math.PI * 0.5 * t)) * Math.sin(phase);
            x[i] += dir.x() * v;
            y[i] += dir.y() * v;
            z[i] += dir.z() * v;
        }
    }

    /** @return the name of a lead that dropped out, or null */
    private static String addNoise(double[][] mv, double fs, Device device, NoiseProfile noise, double respHz, Random random) {
        int n = mv[0].length;
        double seconds = n / fs;
        for (double[] lead : mv) {
            double wander = noise.wanderMv() * (0.5 + random.nextDouble());
            double wPhase = random.nextDouble() * 2 * Math.PI;
            double mains = noise.mainsMv() * random.nextDouble();
            double mPhase = random.nextDouble() * 2 * Math.PI;
            double emg = noise.emgMv();
            double driftStep = 0.03 * noise.wanderMv();
            // sinusoids by rotation (two multiply-adds a sample instead of Math.sin), Gaussians from a table:
            // noise costs most of the synthesis otherwise (measured: ~110 → see load-tests SimulatorThroughput)
            Oscillator breath = new Oscillator(respHz, fs, wPhase);
            Oscillator hum = new Oscillator(device.mainsHz(), fs, mPhase);
            double slow = 0;
            for (int i = 0; i < n; i++) {
                slow = 0.999 * slow + driftStep * Gaussians.next(random); // slow electrode drift
                lead[i] += wander * breath.next() + slow + mains * hum.next() + emg * Gaussians.next(random);
            }
            // electrode motion: sudden offsets that decay over ~0.3 s
            int motions = poisson(noise.motionPerMinute() * seconds / 60, random);
            for (int k = 0; k < motions; k++) {
                int at = random.nextInt(n);
                double step = noise.motionMv() * random.nextGaussian();
                for (int i = at; i < n; i++) {
                    double decay = Math.exp(-(i - at) / (0.3 * fs));
                    if (decay < 1e-3) {
                        break;
                    }
                    lead[i] += step * decay;
                }
            }
        }
        if (random.nextDouble() < noise.leadOffProbability()) {
            int l = random.nextInt(12);
            int from = random.nextInt(n / 2);
            int to = Math.min(n, from + (int) (fs * (2 + 4 * random.nextDouble())));
            for (int i = from; i < to; i++) {
                mv[l][i] = 0;
            }
            return LeadName.STANDARD_12.get(l);
        }
        return null;
    }

    /** sin(2πft + φ) sample by sample, by rotating a unit vector (renormalised to stop drift). */
    private static final class Oscillator {
        private final double c, s;
        private double x, y;
        private int steps;

        Oscillator(double hz, double fs, double phase) {
            c = Math.cos(2 * Math.PI * hz / fs);
            s = Math.sin(2 * Math.PI * hz / fs);
            x = Math.cos(phase);
            y = Math.sin(phase);
        }

        double next() {
            double value = y;
            double nx = x * c - y * s, ny = x * s + y * c;
            x = nx;
            y = ny;
            if (++steps % 1024 == 0) {
                double norm = Math.sqrt(x * x + y * y);
                x /= norm;
                y /= norm;
            }
            return value;
        }
    }

    private static int poisson(double mean, Random random) {
        double l = Math.exp(-mean), p = 1;
        int k = 0;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l && k < 1000);
        return k - 1;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
