package org.edtriage.ecg.philips;

import org.edtriage.ecg.LeadName;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Small Philips XML documents built in the test, shaped like the real 1.04.01 export (UTF-16 with a byte
 * order mark, the Philips namespace, XLI-compressed parsed waveforms with III, aVR, aVL and aVF stored as
 * residuals, base64 in 76-character lines), so the reader is tested without the shared data.
 */
final class PhilipsDocuments {
    static final int RATE = 500;
    static final int SAMPLES = 1000;
    static final double UV_PER_UNIT = 5;
    static final int ONE_MV = 200;

    private PhilipsDocuments() {
    }

    /** Twelve unrelated sines: the stored residuals are then non-zero everywhere. */
    static int[][] unrelatedLeads(int n) {
        int[][] leads = new int[12][n];
        for (int l = 0; l < 12; l++) {
            for (int t = 0; t < n; t++) {
                leads[l][t] = (int) Math.round((60 + 25 * l) * Math.sin(2 * Math.PI * (1 + 0.1 * l) * t / RATE + l));
            }
        }
        return leads;
    }

    /**
     * An ECG-like signal in I and II with the limb leads as a cart derives them, V1–V6 unrelated sines, and
     * — as the real export ends — {@code gap} samples of zeros, {@code pulse} of 1 mV in every lead and
     * {@code gap} of zeros.
     */
    static int[][] physicalLeadsWithCalibration(int signal, int gap, int pulse) {
        int n = signal + 2 * gap + pulse;
        int[][] leads = new int[12][n];
        int[][] v = unrelatedLeads(signal);
        for (int t = 0; t < n; t++) {
            boolean inPulse = t >= signal + gap && t < signal + gap + pulse;
            if (t >= signal) {
                for (int l = 0; l < 12; l++) {
                    leads[l][t] = inPulse ? ONE_MV : 0;
                }
                continue;
            }
            int i = (int) Math.round(80 * Math.sin(2 * Math.PI * 1.1 * t / RATE) + 20);
            int ii = (int) Math.round(150 * Math.sin(2 * Math.PI * 1.1 * t / RATE + 0.4) - 10);
            leads[0][t] = i;
            leads[1][t] = ii;
            leads[2][t] = ii - i;
            leads[3][t] = -Math.floorDiv(i + ii, 2);
            leads[4][t] = Math.floorDiv(i - (ii - i), 2);
            leads[5][t] = Math.floorDiv(ii + (ii - i), 2);
            for (int l = 6; l < 12; l++) {
                leads[l][t] = v[l][t];
            }
        }
        return leads;
    }

    /** What the cart stores for the standard 12: I, II, V1–V6 as they are, III, aVR, aVL, aVF as residuals. */
    static int[][] stored(int[][] actual) {
        int[][] s = new int[12][];
        for (int l = 0; l < 12; l++) {
            s[l] = actual[l].clone();
        }
        int[] i = actual[0], ii = actual[1], iii = actual[2];
        for (int t = 0; t < i.length; t++) {
            s[2][t] = ii[t] - i[t] - iii[t];
            s[3][t] = -Math.floorDiv(i[t] + ii[t], 2) - actual[3][t];
            s[4][t] = Math.floorDiv(i[t] - iii[t], 2) - actual[4][t];
            s[5][t] = Math.floorDiv(ii[t] + iii[t], 2) - actual[5][t];
        }
        return s;
    }

    /** The XLI payload of the stored leads, with {@code extra} further all-zero chunks as the real export carries. */
    static byte[] payload(int[][] stored, int extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] lead : stored) {
            out.writeBytes(XliEncoder.chunk(lead));
        }
        for (int k = 0; k < extra; k++) {
            out.writeBytes(XliEncoder.chunk(new int[stored[0].length]));
        }
        return out.toByteArray();
    }

    static String document(int[][] actual) {
        return document(payload(stored(actual), 4), actual[0].length);
    }

    static String document(byte[] payload, int samples) {
        String base64 = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(payload);
        int durationMs = samples * 1000 / RATE;
        return """
                <?xml version="1.0" encoding="utf-16"?>
                <restingecgdata xmlns="http://www3.medical.philips.com" status="New" lang="en">
                  <documentinfo>
                    <documentname>00000000-0000-0000-0000-000000000000.xml</documentname>
                    <documenttype>PhilipsECG</documenttype>
                    <documentversion>1.04.01</documentversion>
                  </documentinfo>
                  <reportinfo date="2026-11-22" time="08:15:30" />
                  <dataacquisition date="2026-11-22" time="08:15:30" statflag="False">
                    <machine machineid="SYN0001">PageWriter TC</machine>
                    <signalcharacteristics>
                      <samplingrate>%d</samplingrate>
                      <resolution>5</resolution>
                      <acquisitiontype>10-WIRE</acquisitiontype>
                      <bitspersample>16</bitspersample>
                      <signaloffset>0</signaloffset>
                      <signalsigned>True</signalsigned>
                    </signalcharacteristics>
                  </dataacquisition>
                  <patient criteriaversionforpatientdata="0B">
                    <generalpatientdata>
                      <patientid>SYN0001</patientid>
                      <name><lastname>Synthetic Å</lastname></name>
                      <age defaultage="50"><years>67</years></age>
                      <pacestatus>Unknown</pacestatus>
                      <sex>Female</sex>
                    </generalpatientdata>
                  </patient>
                  <waveforms>
                    <parsedwaveforms dataencoding="Base64" compression="XLI" numberofleads="12" leadlabels="%s" \
                durationperchannel="%d" samplespersecond="%d" resolution="5" signaloffset="0" signalsigned="True" \
                bitspersample="16">%s</parsedwaveforms>
                  </waveforms>
                </restingecgdata>
                """.formatted(RATE, String.join(" ", LeadName.STANDARD_12), durationMs, RATE, base64);
    }

    /** As Philips writes it: UTF-16 little-endian after a byte order mark. */
    static byte[] utf16(String xml) {
        byte[] body = xml.getBytes(StandardCharsets.UTF_16LE);
        byte[] out = new byte[body.length + 2];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xFE;
        System.arraycopy(body, 0, out, 2, body.length);
        return out;
    }

    static String text(byte[] utf16) {
        return new String(utf16, StandardCharsets.UTF_16);
    }
}
