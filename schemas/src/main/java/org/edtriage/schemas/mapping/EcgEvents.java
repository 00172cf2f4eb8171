package org.edtriage.schemas.mapping;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.LeadSignal;
import org.edtriage.schemas.events.Sex;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Between the plain-Java {@link Ecg} and the {@link EcgRecorded} event: samples packed as
 * little-endian int16 per lead. Leads whose ADC range exceeds 16 bits (formats 24/32) are rescaled
 * with their gain adjusted, so the physical signal survives.
 */
public final class EcgEvents {
    private EcgEvents() {
    }

    /** Where an ECG came from and whom it belongs to; what the file itself does not say. */
    public record Provenance(String ecgId, String patientId, String visitId, String source, String sourceRef,
                             String device, Instant ingestedAt) {
    }

    public static EcgRecorded toEvent(Ecg ecg, Provenance p, List<String> qualityFlags) {
        List<LeadSignal> leads = new ArrayList<>();
        for (Lead lead : ecg.leads()) {
            leads.add(pack(lead));
        }
        return EcgRecorded.newBuilder()
                .setEcgId(p.ecgId()).setPatientId(p.patientId()).setVisitId(p.visitId())
                .setAcquiredAt(ecg.acquiredAt() != null ? ecg.acquiredAt() : p.ingestedAt())
                .setIngestedAt(p.ingestedAt())
                .setSource(p.source()).setSourceRef(p.sourceRef()).setDevice(p.device())
                .setSamplingRateHz(ecg.samplingRateHz()).setSamplesPerLead(ecg.samplesPerLead())
                .setLeads(leads)
                .setAgeYears(ecg.ageYears())
                .setSex(Sex.valueOf(ecg.sex().name()))
                .setQualityFlags(List.copyOf(qualityFlags))
                .build();
    }

    public static Ecg toEcg(EcgRecorded event) {
        List<Lead> leads = new ArrayList<>();
        for (LeadSignal signal : event.getLeads()) {
            ShortBuffer samples = signal.getSamples().duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
            if (samples.remaining() != event.getSamplesPerLead()) {
                throw new IllegalArgumentException("ECG " + event.getEcgId() + " lead " + signal.getName() + " carries "
                        + samples.remaining() + " samples, the event says " + event.getSamplesPerLead());
            }
            int[] adc = new int[samples.remaining()];
            for (int i = 0; i < adc.length; i++) {
                adc[i] = samples.get(i);
            }
            leads.add(new Lead(signal.getName(), adc, signal.getGainPerMv(), signal.getBaseline()));
        }
        return new Ecg(event.getEcgId(), event.getSamplingRateHz(), leads, event.getAcquiredAt(), event.getAgeYears(),
                org.edtriage.ecg.Sex.valueOf(event.getSex().name()));
    }

    private static LeadSignal pack(Lead lead) {
        int[] x = lead.samples();
        double gain = lead.gainPerMv();
        int baseline = lead.baseline();
        int shift = 0;
        if (!lead.fitsInt16() || baseline < Short.MIN_VALUE || baseline > Short.MAX_VALUE) {
            long max = 1;
            for (int v : x) {
                max = Math.max(max, Math.abs((long) v - baseline));
            }
            while ((max >> shift) > Short.MAX_VALUE - 1) {
                shift++;
            }
            gain = gain / (1 << shift);
        }
        ByteBuffer bytes = ByteBuffer.allocate(2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : x) {
            bytes.putShort((short) (shift == 0 ? v : ((long) v - baseline) >> shift));
        }
        bytes.flip();
        return LeadSignal.newBuilder().setName(lead.name()).setGainPerMv(gain)
                .setBaseline(shift == 0 ? baseline : 0).setSamples(bytes).build();
    }
}
