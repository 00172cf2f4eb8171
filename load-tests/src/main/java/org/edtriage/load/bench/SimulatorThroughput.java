package org.edtriage.load.bench;

import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.ecg.simulate.CohortEvent;
import org.edtriage.ecg.wfdb.WfdbWriter;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Cohort generation speed and memory: streams a cohort until {@code ecgs} ECGs (12-lead, 10 s,
 * 500 Hz, typical noise) have been synthesised and encoded as WFDB format 16 (no disk), on one
 * thread, measuring the live heap after a GC every 10,000. Run with a small -Xmx to show memory stays bounded.
 *
 * <p>{@code java -Xmx256m -cp "load-tests/target/load-tests.jar:load-tests/target/lib/*" org.edtriage.load.bench.SimulatorThroughput 100000}
 */
public final class SimulatorThroughput {
    public static void main(String[] args) {
        long target = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        // enough patients that the cohort holds the target number of ECGs
        Cohort cohort = new Cohort(CohortConfig.defaults(2026, (int) Math.max(1000, target * 0.6)));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long ecgs = 0, events = 0, bytes = 0, peakUsed = 0;
        long start = System.nanoTime();
        long windowStart = start;
        while (cohort.hasNext() && ecgs < target) {
            CohortEvent e = cohort.next();
            events++;
            if (e instanceof CohortEvent.Recording r) {
                bytes += WfdbWriter.format16(r.synthesize().ecg()).data().length;
                ecgs++;
                if (ecgs % 10_000 == 0) {
                    long now = System.nanoTime();
                    double rate = 10_000 / ((now - windowStart) / 1e9);
                    memory.gc(); // the live set, not garbage awaiting collection
                    long live = memory.getHeapMemoryUsage().getUsed();
                    peakUsed = Math.max(peakUsed, live);
                    System.out.printf(Locale.ROOT, "%,d ECGs: %.0f ECGs/s over the last 10,000, live heap after GC %.0f MB%n",
                            ecgs, rate, live / 1e6);
                    windowStart = System.nanoTime(); // the forced GC is not generation time
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%,d ECGs (%,d events, %.1f GB of WFDB data) in %.0f s: %.0f ECGs/s on one thread; "
                        + "peak live heap %.0f MB (max heap %.0f MB)%n", ecgs, events, bytes / 1e9, seconds, ecgs / seconds,
                peakUsed / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
    }
}
