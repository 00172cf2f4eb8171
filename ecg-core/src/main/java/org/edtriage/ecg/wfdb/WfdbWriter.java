package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.Sex;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes an {@link Ecg} as a single-segment WFDB record (header + one interleaved data file) in
 * format 16 or 212, with initial values, checksums and, when known, base time/date and age/sex
 * comments — readable by {@link WfdbReader} and the WFDB C tools.
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
        return write(ecg, SignalFormat.F16);
    }

    /** Format 212: samples must fit 12 bits (−2048…2047), as MIT-BIH-style 11-bit ADCs produce. */
    public static WfdbFiles format212(Ecg ecg) {
        return write(ecg, SignalFormat.F212);
    }

    private static WfdbFiles write(Ecg ecg, SignalFormat format) {
        String name = ecg.recordName();
        int n = ecg.samplesPerLead();
        int nsig = ecg.leads().size();
        int bits = format == SignalFormat.F16 ? 16 : 12;
        int min = -(1 << (bits - 1)), max = (1 << (bits - 1)) - 1;
        int[] stream = new int[n * nsig];
        for (int s = 0; s < nsig; s++) {
            Lead lead = ecg.leads().get(s);
            for (int t = 0; t < n; t++) {
                int v = lead.samples()[t];
                if (v < min || v > max) {
                    throw new IllegalArgumentException(name + ": lead " + lead.name() + " sample " + t + " = " + v
                            + " does not fit format " + format.code() + " (" + bits + " bits)");
                }
                stream[t * nsig + s] = v;
            }
        }
        byte[] data = new byte[(int) format.bytesFor(stream.length)];
        if (format == SignalFormat.F16) {
            for (int i = 0, p = 0; i < stream.length; i++) {
                data[p++] = (byte) stream[i];
                data[p++] = (byte) (stream[i] >> 8);
            }
        } else {
            for (int i = 0, p = 0; i < stream.length; i += 2, p += 3) {
                int a = stream[i] & 0xFFF;
                int b = i + 1 < stream.length ? stream[i + 1] & 0xFFF : 0;
                data[p] = (byte) a;
                data[p + 1] = (byte) (((a >> 8) & 0x0F) | ((b >> 4) & 0xF0));
                if (i + 1 < stream.length) {
                    data[p + 2] = (byte) b;
                }
            }
        }
        StringBuilder h = new StringBuilder();
        h.append(String.format(Locale.ROOT, "%s %d %s %d", name, nsig, number(ecg.samplingRateHz()), n));
        if (ecg.acquiredAt() != null) {
            LocalDateTime t = LocalDateTime.ofInstant(ecg.acquiredAt(), ZoneOffset.UTC);
            h.append(' ').append(t.format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)))
                    .append(' ').append(t.format(DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.ROOT)));
        }
        h.append('\n');
        for (Lead lead : ecg.leads()) {
            int sum = 0;
            for (int v : lead.samples()) {
                sum += v;
            }
            h.append(String.format(Locale.ROOT, "%s.dat %d %s(%d)/mV %d 0 %d %d 0 %s%n", name, format.code(), number(lead.gainPerMv()),
                    lead.baseline(), bits, n > 0 ? lead.samples()[0] : 0, (short) sum, lead.name()));
        }
        if (ecg.ageYears() != null) {
            h.append("# age: ").append(ecg.ageYears()).append('\n');
        }
        if (ecg.sex() != Sex.UNKNOWN) {
            h.append("# sex: ").append(ecg.sex() == Sex.FEMALE ? "female" : "male").append('\n');
        }
        return new WfdbFiles(name, h.toString().getBytes(StandardCharsets.US_ASCII), data);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
