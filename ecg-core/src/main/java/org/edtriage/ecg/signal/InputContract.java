package org.edtriage.ecg.signal;

import org.edtriage.ecg.Ecg;

import java.util.List;

/**
 * What a model expects to be fed: which leads in which order, at what rate, how many samples, where the
 * zero padding goes, how amplitudes are scaled, (for models that see crops of the record) how it is
 * windowed, whether the median beat of each lead follows the rhythm, and whether the model sees the signals at
 * all or the {@link EcgFeatures} measured on them. {@link #prepare(Ecg)} is the one shared preprocessing step,
 * used by training and scoring alike so that a model never sees different inputs in production than it was
 * trained on.
 *
 * @param beat           null, or the median beat ({@link MedianBeat}) of every lead appended after its rhythm
 * @param representation what {@link #prepare} hands the model: the signals, or the features measured on them
 */
public record InputContract(List<String> leads, double samplingRateHz, int samples, Padding padding,
                            Normalisation normalisation, Windowing windowing, BeatInput beat, Representation representation) {

    /** What the model is given. */
    public enum Representation {
        /** {@code [leads][samples (+ beat)]}: the prepared signals. */
        SIGNAL,
        /**
         * {@code [1][EcgFeatures.size()]}: the median-beat measurements of the prepared signals (the 12 standard
         * leads, millivolts) — what the feature model takes.
         */
        FEATURES,
        /**
         * {@code [leads][samples (+ beat) + EcgFeatures.size()]}: the prepared signals, and after them in the first row
         * the feature model's measurements of the 12 standard leads ({@link #features}' {@code prepare}, the same
         * code), zeros in the other rows — both views in one array, for a network that takes both.
         */
        SIGNAL_AND_FEATURES
    }

    /**
     * The median beat of each lead, cut {@code before} samples before the QRS's steepest point to {@code after}
     * samples after it (at the contract's rate), appended to the lead's rhythm: a second view in which the ST
     * segment stands out of the beat-to-beat noise.
     */
    public record BeatInput(int before, int after) {
        public BeatInput {
            if (before <= 0 || after <= 0) {
                throw new IllegalArgumentException("a median beat needs samples before and after its QRS");
            }
        }

        public int samples() {
            return before + after;
        }
    }

    /** Where a record shorter than {@link #samples()} gets its zeros (a longer one is cut at the end). */
    public enum Padding {
        /** Zeros after the signal. */
        END,
        /** Zeros on both sides (Ribeiro et al.'s CODE preprocessing: 10 s at 400 Hz centred in 4096). */
        CENTER
    }

    /** How lead amplitudes reach the network. */
    public enum Normalisation {
        /** Millivolts as recorded (the Nyström models). */
        MILLIVOLTS,
        /**
         * Each lead of each ECG to zero mean and unit variance (over the recorded part, padding excluded).
         * Per ECG rather than per dataset so a checkpoint needs no dataset statistics; used for the
         * Nguyen & Do models, whose RNNs in particular need unit-scale inputs.
         */
        PER_LEAD_ZSCORE
    }

    public InputContract {
        leads = List.copyOf(leads);
        representation = representation == null ? Representation.SIGNAL : representation;
        if (leads.isEmpty() || samplingRateHz <= 0 || samples <= 0) {
            throw new IllegalArgumentException("a contract needs leads, a positive rate and a positive length");
        }
        if (representation == Representation.FEATURES && (!leads.equals(org.edtriage.ecg.LeadName.STANDARD_12)
                || normalisation != Normalisation.MILLIVOLTS || windowing != null || beat != null)) {
            throw new IllegalArgumentException("features are measured on the 12 standard leads in millivolts, without windows or beats");
        }
        if (representation == Representation.SIGNAL_AND_FEATURES && windowing != null) {
            throw new IllegalArgumentException("measurements belong to the whole record, not to a window of it");
        }
        if (windowing != null && windowing.windowSamples() > samples) {
            throw new IllegalArgumentException("window of " + windowing.windowSamples() + " samples is longer than the "
                    + samples + "-sample input");
        }
    }

    /** Millivolts, zeros at the end, no windowing, no median beat: the signals. */
    public InputContract(List<String> leads, double samplingRateHz, int samples) {
        this(leads, samplingRateHz, samples, Padding.END, Normalisation.MILLIVOLTS, null, null, Representation.SIGNAL);
    }

    /** The feature model's input: the {@link EcgFeatures} of the 12 standard leads at {@code samplingRateHz}. */
    public static InputContract features(double samplingRateHz, int samples) {
        return new InputContract(org.edtriage.ecg.LeadName.STANDARD_12, samplingRateHz, samples, Padding.END, Normalisation.MILLIVOLTS,
                null, null, Representation.FEATURES);
    }

    public InputContract withPadding(Padding newPadding) {
        return new InputContract(leads, samplingRateHz, samples, newPadding, normalisation, windowing, beat, representation);
    }

    public InputContract withNormalisation(Normalisation newNormalisation) {
        return new InputContract(leads, samplingRateHz, samples, padding, newNormalisation, windowing, beat, representation);
    }

    public InputContract withWindowing(Windowing newWindowing) {
        return new InputContract(leads, samplingRateHz, samples, padding, normalisation, newWindowing, beat, representation);
    }

    /** The signals and, after them, the feature model's measurements ({@link Representation#SIGNAL_AND_FEATURES}). */
    public InputContract withMeasurements() {
        return new InputContract(leads, samplingRateHz, samples, padding, normalisation, windowing, beat, Representation.SIGNAL_AND_FEATURES);
    }

    public InputContract withBeat(BeatInput newBeat) {
        return new InputContract(leads, samplingRateHz, samples, padding, normalisation, windowing, newBeat, representation);
    }

    /** Rows of what {@link #prepare} returns: the leads, or 1 for features. */
    public int rows() {
        return representation == Representation.FEATURES ? 1 : leads.size();
    }

    /** Length of each row of what {@link #prepare} returns: samples (and the median beat), or the feature count. */
    public int columns() {
        return representation == Representation.FEATURES ? EcgFeatures.size()
                : signalColumns() + (representation == Representation.SIGNAL_AND_FEATURES ? EcgFeatures.size() : 0);
    }

    /** Columns of each row that are signal (the rhythm, then the median beat); measurements may follow. */
    public int signalColumns() {
        return representation == Representation.FEATURES ? 0 : samples + (beat == null ? 0 : beat.samples());
    }

    /**
     * Leads in contract order, resampled with anti-aliasing (never plain decimation), normalised, then cut
     * or zero-padded to {@link #samples()}; with a {@link #beat()}, each lead's median beat follows (measured on
     * the resampled recording before padding); for {@link Representation#FEATURES} the measurements instead.
     * Always {@link #rows()} × {@link #columns()}.
     */
    public float[][] prepare(Ecg ecg) {
        float[][] raw = LeadSet.millivolts(ecg, leads);
        float[][] resampled = new float[leads.size()][];
        for (int l = 0; l < raw.length; l++) {
            resampled[l] = Resampler.resample(raw[l], ecg.samplingRateHz(), samplingRateHz);
            if (normalisation == Normalisation.PER_LEAD_ZSCORE) {
                zscore(resampled[l]);
            }
        }
        if (representation == Representation.FEATURES) {
            // measured on what was recorded, cut to the contract's length but never padded: a step to zeros would
            // look like a QRS to the beat detector
            float[][] cut = new float[leads.size()][];
            for (int l = 0; l < cut.length; l++) {
                cut[l] = java.util.Arrays.copyOf(resampled[l], Math.min(samples, resampled[l].length));
            }
            return new float[][]{EcgFeatures.of(cut, samplingRateHz)};
        }
        float[][] beats = beat == null ? null : MedianBeat.of(resampled, samplingRateHz, beat.before(), beat.after()).leads();
        float[][] out = new float[leads.size()][];
        for (int l = 0; l < resampled.length; l++) {
            out[l] = fit(resampled[l], columns());
            if (beats != null) {
                System.arraycopy(beats[l], 0, out[l], samples, beat.samples());
            }
        }
        if (representation == Representation.SIGNAL_AND_FEATURES) {
            float[] measured = features(samplingRateHz, samples).prepare(ecg)[0];
            System.arraycopy(measured, 0, out[0], signalColumns(), measured.length);
        }
        return out;
    }

    /** The signal cut or zero-padded to {@link #samples()}, in an array of {@code length} (room for the beat). */
    private float[] fit(float[] x, int length) {
        float[] fitted = new float[length];
        int n = Math.min(samples, x.length);
        int at = padding == Padding.CENTER ? (samples - n) / 2 : 0;
        System.arraycopy(x, 0, fitted, at, n);
        return fitted;
    }

    private static void zscore(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        double mean = sum / Math.max(1, x.length);
        double squares = 0;
        for (float v : x) {
            squares += (v - mean) * (v - mean);
        }
        // A flat lead (lead off, all zeros) stays zero instead of being blown up by a tiny deviation.
        double sd = Math.sqrt(squares / Math.max(1, x.length));
        double scale = sd < 1e-6 ? 0 : 1 / sd;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((x[i] - mean) * scale);
        }
    }
}
