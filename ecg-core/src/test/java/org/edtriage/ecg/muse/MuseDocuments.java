package org.edtriage.ecg.muse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Small MUSE XML documents built in the test, shaped like GE's exports (DOCTYPE, demographics, a median
 * and a rhythm waveform of the 8 independent leads, base64 in 68-character lines, CRC-32 of the decoded
 * bytes), so the reader is tested without the shared data.
 */
final class MuseDocuments {
    static final List<String> EIGHT = List.of("I", "II", "V1", "V2", "V3", "V4", "V5", "V6");
    static final int RATE = 500;
    static final int SAMPLES = 1000;
    static final double UV_PER_BIT = 4.88;

    private MuseDocuments() {
    }

    /** A sine per lead, each with its own amplitude and phase, in ADC units. */
    static short[] samples(int lead, int n) {
        short[] s = new short[n];
        for (int t = 0; t < n; t++) {
            s[t] = (short) Math.round((60 + 25 * lead) * Math.sin(2 * Math.PI * 1.2 * t / RATE + lead));
        }
        return s;
    }

    /** The document with the 8 leads' rhythm ({@link #SAMPLES} each) and a 600-sample median. */
    static String document() {
        List<String> rhythm = new ArrayList<>();
        List<String> median = new ArrayList<>();
        for (int l = 0; l < EIGHT.size(); l++) {
            rhythm.add(leadData(EIGHT.get(l), samples(l, SAMPLES)));
            median.add(leadData(EIGHT.get(l), samples(l, 600)));
        }
        return document(waveform("Median", median) + waveform("Rhythm", rhythm));
    }

    static String document(String waveforms) {
        return """
                <?xml version="1.0" encoding="ISO-8859-1"?>
                <!DOCTYPE RestingECG SYSTEM "restecg.dtd">
                <RestingECG>
                   <MuseInfo><MuseVersion>9.0.9.18167</MuseVersion></MuseInfo>
                   <PatientDemographics>
                      <PatientID>SYN0001</PatientID>
                      <PatientAge>67</PatientAge>
                      <AgeUnits>YEARS</AgeUnits>
                      <Gender>FEMALE</Gender>
                      <PatientLastName>Synthetic Ã</PatientLastName>
                   </PatientDemographics>
                   <TestDemographics>
                      <DataType>RESTING</DataType>
                      <AcquisitionDevice>MAC55</AcquisitionDevice>
                      <AcquisitionTime>08:15:30</AcquisitionTime>
                      <AcquisitionDate>11-22-2026</AcquisitionDate>
                   </TestDemographics>
                """ + waveforms + "</RestingECG>\n";
    }

    static String waveform(String type, List<String> leadData) {
        return "   <Waveform>\n      <WaveformType>" + type + "</WaveformType>\n"
                + "      <NumberofLeads>" + leadData.size() + "</NumberofLeads>\n"
                + "      <SampleBase>" + RATE + "</SampleBase>\n      <SampleExponent>0</SampleExponent>\n"
                + String.join("", leadData) + "   </Waveform>\n";
    }

    static String leadData(String id, short[] samples) {
        ByteBuffer bytes = ByteBuffer.allocate(2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            bytes.putShort(s);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.array());
        String base64 = Base64.getEncoder().encodeToString(bytes.array());
        StringBuilder lines = new StringBuilder("\n");
        for (int k = 0; k < base64.length(); k += 68) {
            lines.append(base64, k, Math.min(base64.length(), k + 68)).append('\n');
        }
        return "      <LeadData>\n"
                + "         <LeadByteCountTotal>" + 2 * samples.length + "</LeadByteCountTotal>\n"
                + "         <LeadSampleCountTotal>" + samples.length + "</LeadSampleCountTotal>\n"
                + "         <LeadAmplitudeUnitsPerBit>" + UV_PER_BIT + "</LeadAmplitudeUnitsPerBit>\n"
                + "         <LeadAmplitudeUnits>MICROVOLTS</LeadAmplitudeUnits>\n"
                + "         <LeadID>" + id + "</LeadID>\n"
                + "         <LeadSampleSize>2</LeadSampleSize>\n"
                + "         <LeadDataCRC32>" + crc.getValue() + "</LeadDataCRC32>\n"
                + "         <WaveFormData>" + lines + "         </WaveFormData>\n"
                + "      </LeadData>\n";
    }
}
