package org.edtriage.load.run;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Latency over time: per bucket of due time (1 s, wider for long runs so a report stays ≤ 600 rows). */
final class Timeline {
    record Bucket(double t, int sent, int alertsVisible, long ackP50, long ackP99, long alertP50, long alertP99, long alertMax) {
    }

    private Timeline() {
    }

    static List<Bucket> of(Ledger l, long t0) {
        long last = 0;
        for (int i = 0; i < l.size(); i++) {
            last = Math.max(last, Math.max(l.intended.get(i), l.alerted.get(i)) - t0);
        }
        long width = Math.max(1000, (last / 600 / 1000 + 1) * 1000);
        int n = (int) (last / width) + 1;
        Histogram[] ack = new Histogram[n], alert = new Histogram[n];
        int[] sent = new int[n], visible = new int[n];
        for (int b = 0; b < n; b++) {
            ack[b] = new Histogram(3_600_000L, 2);
            alert[b] = new Histogram(3_600_000L, 2);
        }
        for (int i = 0; i < l.size(); i++) {
            if (l.poison[i] != null || l.intended.get(i) == Ledger.NONE) {
                continue;
            }
            int b = (int) Math.max(0, (l.intended.get(i) - t0) / width);
            sent[b]++;
            record(ack[b], Stage.ACK.of(l, i));
            record(alert[b], Stage.INGEST_TO_ALERT.of(l, i));
            if (l.alerted.get(i) != Ledger.NONE) {
                visible[(int) Math.min(n - 1, Math.max(0, (l.alerted.get(i) - t0) / width))]++;
            }
        }
        List<Bucket> out = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            out.add(new Bucket(b * width / 1000.0, sent[b], visible[b], p(ack[b], 50), p(ack[b], 99), p(alert[b], 50), p(alert[b], 99),
                    alert[b].getTotalCount() == 0 ? -1 : alert[b].getMaxValue()));
        }
        return out;
    }

    private static void record(Histogram h, long v) {
        if (v != Ledger.NONE) {
            h.recordValue(Math.min(v, 3_600_000L));
        }
    }

    private static long p(Histogram h, double q) {
        return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(q);
    }

    static String csv(List<Bucket> buckets) {
        StringBuilder b = new StringBuilder("t_s,sent,alerts_visible,ack_p50_ms,ack_p99_ms,ingest_to_alert_p50_ms,ingest_to_alert_p99_ms,ingest_to_alert_max_ms\n");
        for (Bucket x : buckets) {
            b.append(String.format(Locale.ROOT, "%.0f,%d,%d,%d,%d,%d,%d,%d%n", x.t(), x.sent(), x.alertsVisible(), x.ackP50(), x.ackP99(),
                    x.alertP50(), x.alertP99(), x.alertMax()));
        }
        return b.toString();
    }
}
