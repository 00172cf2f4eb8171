package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Writes an {@link Ecg} as a format-16 WFDB record (header + one interleaved data file) with initial
 * values and checksums, readable by {@link WfdbReader} and the WFDB C tools.
 */
public final class WfdbWriter {
    private WfdbWriter() {
    }

    /** A record as two files' contents. */
    public record WfdbFiles(String recordName, byte[] header, byte[] data) {
        public String headerFileName() {
            return recordName + ".hea";
        }

        public String dataFileName() {
            return recordName + ".dat";
        }
    }

    public static WfdbFiles format16(Ecg ecg) {
        String name = ecg.recordName();
        int n = ecg.samplesPerLead();
        int nsig = ecg.leads().size();
        byte[] data = new byte[n * nsig * 2];
        int p = 0;
        for (int t = 0; t < n; t++) {
            for (Lead lead : ecg.leads()) {
                int v = lead.samples()[t];
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    throw new IllegalArgumentException(name + ": lead " + lead.name() + " sample " + t + " = " + v + " does not fit format 16");
                }
                data[p++] = (byte) v;
                data[p++] = (byte) (v >> 8);
            }
        }
        StringBuilder h = new StringBuilder();
        h.append(String.format(Locale.ROOT, "%s %d %s %d%n", name, nsig, number(ecg.samplingRateHz()), n));
        for (Lead lead : ecg.leads()) {
            int sum = 0;
            for (int v : lead.samples()) {
                sum += v;
            }
            short checksum = (short) sum;
            h.append(String.format(Locale.ROOT, "%s.dat 16 %s(%d)/mV 16 0 %d %d 0 %s%n", name, number(lead.gainPerMv()),
                    lead.baseline(), n > 0 ? lead.samples()[0] : 0, checksum, lead.name()));
        }
        if (ecg.ageYears() != null) {
            h.append("# age: ").append(ecg.ageYears()).append('\n');
        }
        if (ecg.sex() != org.edtriage.ecg.Sex.UNKNOWN) {
            h.append("# sex: ").append(ecg.sex() == org.edtriage.ecg.Sex.FEMALE ? "female" : "male").append('\n');
        }
        return new WfdbFiles(name, h.toString().getBytes(StandardCharsets.US_ASCII), data);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
