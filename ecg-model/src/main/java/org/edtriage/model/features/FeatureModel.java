package org.edtriage.model.features;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.edtriage.ecg.signal.EcgFeatures;
import org.edtriage.ecg.signal.InputContract;

import java.io.IOException;
import java.util.List;

/**
 * The feature model: gradient-boosted trees (XGBoost) on the median-beat measurements of {@link EcgFeatures} —
 * the floor every deep model is measured against and, with no champion, the release gate's reference. Its input
 * contract is the 12 standard leads at 500 Hz, 10 s, measured ({@link InputContract.Representation#FEATURES});
 * a measurement that could not be made is NaN, which the trees treat as missing. Predicts the probability of AMI.
 * Prediction is serialised on one lock: XGBoost's booster is shared native state and a tree ensemble is fast.
 */
public final class FeatureModel implements AutoCloseable {
    /** The architecture name in manifests and releases. */
    public static final String ARCHITECTURE = "features-gbt";
    /** The booster's file in a checkpoint (XGBoost's own Universal Binary JSON format). */
    public static final String FILE = "booster.ubj";
    private static final String FORMAT = "ubj";

    private final Booster booster;

    public FeatureModel(Booster booster) {
        this.booster = booster;
    }

    /** What the feature model is fed: the features of the 12 standard leads, 10 s at 500 Hz. */
    public static InputContract contract() {
        return InputContract.features(500, 5000);
    }

    /** A saved model, predicting on one thread (a scorer shares its cores with Kafka Streams; trees are fast anyway). */
    public static FeatureModel fromBytes(byte[] bytes) throws IOException {
        try {
            Booster booster = XGBoost.loadModel(bytes);
            booster.setParam("nthread", 1);
            return new FeatureModel(booster);
        } catch (XGBoostError e) {
            throw new IOException("not an XGBoost model: " + e.getMessage(), e);
        }
    }

    public byte[] toBytes() {
        try {
            return booster.toByteArray(FORMAT);
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot serialise the booster: " + e.getMessage(), e);
        }
    }

    /** Boosting rounds (trees per class), the model's size. */
    public int trees() {
        try {
            return booster.getNumBoostedRound();
        } catch (XGBoostError e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** P(AMI) for each feature vector ({@link EcgFeatures#size()} values, NaN = missing). */
    public float[] predict(List<float[]> features) {
        int columns = EcgFeatures.size();
        float[] flat = new float[features.size() * columns];
        for (int i = 0; i < features.size(); i++) {
            float[] f = features.get(i);
            if (f.length != columns) {
                throw new IllegalArgumentException("a feature vector has " + columns + " values, not " + f.length);
            }
            System.arraycopy(f, 0, flat, i * columns, columns);
        }
        if (features.isEmpty()) {
            return new float[0];
        }
        synchronized (booster) {
            DMatrix matrix = null;
            try {
                matrix = new DMatrix(flat, features.size(), columns, Float.NaN);
                float[][] p = booster.predict(matrix);
                float[] out = new float[p.length];
                for (int i = 0; i < p.length; i++) {
                    out[i] = p[i][0];
                }
                return out;
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
            } finally {
                if (matrix != null) {
                    matrix.dispose();
                }
            }
        }
    }

    public Booster booster() {
        return booster;
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
