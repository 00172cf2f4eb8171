package org.edtriage.training.train;

import java.io.PrintStream;
import java.util.Locale;

/** Where a long run reports how far it is: a console progress bar, or nowhere. */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void batch(String stage, int epoch, int epochs, int done, int total, double loss, double samplesPerSecond) {
        }

        @Override
        public void epoch(EpochRecord record) {
        }
    };

    void batch(String stage, int epoch, int epochs, int done, int total, double loss, double samplesPerSecond);

    void epoch(EpochRecord record);

    /** A step without epochs (measuring features, growing trees): one line. */
    default void message(String line) {
    }

    /** A one-line bar redrawn in place on a terminal; one line per epoch otherwise (logs, CI). */
    static Progress console(PrintStream out) {
        boolean terminal = System.console() != null;
        return new Progress() {
            private long lastDraw;

            @Override
            public void batch(String stage, int epoch, int epochs, int done, int total, double loss, double rate) {
                long now = System.nanoTime();
                if (!terminal || (now - lastDraw < 200_000_000L && done < total)) {
                    return;
                }
                lastDraw = now;
                int width = 30;
                int filled = (int) Math.round(width * done / (double) Math.max(1, total));
                out.printf(Locale.ROOT, "\r%-16s epoch %d/%d [%s%s] %3d%% loss %.4f %.0f ECG/s ", stage, epoch, epochs,
                        "=".repeat(filled), " ".repeat(width - filled), 100 * done / Math.max(1, total), loss, rate);
                out.flush();
            }

            @Override
            public void message(String line) {
                out.println((terminal ? "\r" : "") + line);
                out.flush();
            }

            @Override
            public void epoch(EpochRecord r) {
                if (terminal) {
                    out.print("\r");
                }
                StringBuilder metrics = new StringBuilder();
                r.validationMetrics().forEach((k, v) -> {
                    if (!k.startsWith("auc.")) {
                        metrics.append(String.format(Locale.ROOT, " %s %.4f", k, v));
                    }
                });
                out.printf(Locale.ROOT, "%-16s epoch %d lr %.2e train loss %.4f val loss %.4f%s (%.1f s, %.0f ECG/s)%n", r.stage(), r.epoch(),
                        r.learningRate(), r.trainLoss(), r.validationLoss(), metrics, r.seconds(), r.samplesPerSecond());
                out.flush();
            }
        };
    }
}
