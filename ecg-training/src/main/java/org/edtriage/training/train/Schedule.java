package org.edtriage.training.train;

/**
 * Learning-rate schedules. {@link #oneCycle}: linear warm-up from peak/100 to the peak over the first
 * 10 % of updates, then cosine decay to peak/100 — the "one-cycle, decay by a factor of 100" of
 * Nyström et al.'s stage 2. {@link #constant}: stage 3 and pre-training.
 *
 * @param kind          {@code constant} or {@code onecycle}
 * @param peak          the (peak) learning rate
 * @param warmupFraction share of updates spent warming up (one-cycle only)
 * @param decayFactor   peak / final rate (one-cycle only)
 */
public record Schedule(String kind, double peak, double warmupFraction, double decayFactor) {

    public static Schedule constant(double rate) {
        return new Schedule("constant", rate, 0, 1);
    }

    public static Schedule oneCycle(double peak) {
        return new Schedule("onecycle", peak, 0.1, 100);
    }

    /** {@code constant:RATE} or {@code onecycle:PEAK}, as the command line writes a schedule. */
    public static Schedule parse(String text) {
        String[] kindAndRate = text.split(":", 2);
        if (kindAndRate.length == 2) {
            try {
                double rate = Double.parseDouble(kindAndRate[1]);
                if (rate > 0) {
                    switch (kindAndRate[0]) {
                        case "constant":
                            return constant(rate);
                        case "onecycle":
                            return oneCycle(rate);
                        default:
                            break;
                    }
                }
            } catch (NumberFormatException notANumber) {
                // refused below
            }
        }
        throw new IllegalArgumentException("a schedule is constant:RATE or onecycle:PEAK with a positive rate, not '" + text + "'");
    }

    /** The rate at update {@code step} of {@code totalSteps}. */
    public double rate(int step, int totalSteps) {
        if (!"onecycle".equals(kind)) {
            return peak;
        }
        double low = peak / decayFactor;
        int warmup = Math.max(1, (int) Math.round(warmupFraction * totalSteps));
        if (step < warmup) {
            return low + (peak - low) * step / warmup;
        }
        double progress = Math.min(1, (step - warmup) / (double) Math.max(1, totalSteps - warmup));
        return low + (peak - low) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
