package org.edtriage.deploy.feed;

import org.edtriage.deploy.stack.LocalStack;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.documents.EcgDocuments;
import org.edtriage.ecg.hl7.AdtWriter;
import org.edtriage.ecg.hl7.OruShape;
import org.edtriage.ecg.hl7.OruWriter;
import org.edtriage.ecg.hl7.PatientIdentity;
import org.edtriage.ingest.mllp.MllpClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** Sends feed records to the stack's ingest service by one of its entry points: WFDB upload, MLLP, or the hot folder. */
public final class Feeder implements AutoCloseable {
    private final String via;
    private final WfdbUploader uploader;
    private final LocalStack stack;
    /** MSH-10 control ids must be unique per sender: ingest takes a repeated one for a retransmission (and drops it). */
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String SENDER = "FEED" + ProcessHandle.current().pid() + "-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    private final java.util.Set<String> registered = new java.util.HashSet<>();
    private MllpClient mllp;

    public Feeder(LocalStack stack, String via) {
        this.stack = stack;
        this.via = via;
        this.uploader = new WfdbUploader(stack.ingest().baseUrl(), stack.sender().basicAuthorization(), stack.http());
    }

    /**
     * Sends the record's visit registration first (ADT^A04 over MLLP, once per visit: ED registrations come from
     * the hospital's ADT feed whatever way the ECG takes), then the ECG, then the discharges (ADT^A03) it carries.
     *
     * @return null when ingest accepted it (or, for the hot folder, the files were dropped), else why not
     */
    public String send(EcgSource.Record r) throws IOException, InterruptedException {
        String refused = sendEcg(r);
        for (EcgSource.Discharge d : r.discharges()) {
            String ack = mllp().send(AdtWriter.discharge(SENDER + SEQUENCE.incrementAndGet(),
                    new PatientIdentity(d.patientId(), d.visitId(), null, d.sex(), d.hospitalId()), d.arrival(), d.at(), d.icd10Codes(),
                    d.diagnosedAt(), ZoneOffset.UTC));
            if (!MllpClient.ackCode(ack).equals("AA") && refused == null) {
                refused = "outcome of visit " + d.visitId() + " refused: " + ack.replace('\r', ' ');
            }
        }
        return refused;
    }

    private String sendEcg(EcgSource.Record r) throws IOException, InterruptedException {
        if (r.registration() != null && r.visitId() != null && registered.add(r.visitId())) {
            EcgSource.Registration reg = r.registration();
            String ack = mllp().send(AdtWriter.registration(SENDER + SEQUENCE.incrementAndGet(),
                    new PatientIdentity(r.patientId(), r.visitId(), null, reg.sex(), reg.hospitalId()), reg.arrival(),
                    reg.complaintCode(), reg.complaintText(), ZoneOffset.UTC));
            if (!MllpClient.ackCode(ack).equals("AA")) {
                registered.remove(r.visitId());
                return "registration of visit " + r.visitId() + " refused: " + ack.replace('\r', ' ');
            }
        }
        switch (via) {
            case "mllp" -> {
                Ecg ecg = r.ecg(FolderSource.SITE_ZONE);
                String controlId = SENDER + SEQUENCE.incrementAndGet();
                PatientIdentity who = new PatientIdentity(r.patientId(), r.visitId(), null, ecg.sex(),
                        r.registration() != null ? r.registration().hospitalId() : DemoFacility.NAME);
                // a document travels whole in an OBX of type ED, as integration engines forward MUSE and Philips exports
                String message = r.isDocument() ? OruWriter.writeDocument(r.document(), controlId, who, null, ZoneOffset.UTC)
                        : OruWriter.write(ecg, OruShape.PCD01, controlId, who, ZoneOffset.UTC);
                String ack = mllp().send(message);
                return MllpClient.ackCode(ack).equals("AA") ? null : ack.replace('\r', ' ');
            }
            case "folder" -> {
                Path inbox = stack.inbox();
                Files.writeString(inbox.resolve(r.name() + ".id"), "patientId=" + r.patientId() + "\n"
                        + (r.visitId() == null ? "" : "visitId=" + r.visitId() + "\n"));
                if (r.isDocument()) {
                    String file = r.name() + EcgDocuments.extension(EcgDocuments.kind(r.document()));
                    Files.write(inbox.resolve(file + ".part"), r.document());
                    Files.move(inbox.resolve(file + ".part"), inbox.resolve(file)); // whole, or not there
                    return null;
                }
                Files.write(inbox.resolve(r.name() + ".dat.part"), r.data());
                Files.move(inbox.resolve(r.name() + ".dat.part"), inbox.resolve(r.name() + ".dat"));
                Files.write(inbox.resolve(r.name() + ".hea"), r.header()); // the header last: the record is complete
                return null;
            }
            default -> {
                String facility = r.registration() != null ? r.registration().hospitalId() : DemoFacility.NAME;
                WfdbUploader.Reply reply = r.isDocument() ? uploader.uploadDocument(r.name(), r.document(), facility, r.patientId(), r.visitId())
                        : uploader.upload(r.name(), r.header(), r.data(), facility, r.patientId(), r.visitId());
                return reply.accepted() ? null : "HTTP " + reply.status() + " " + reply.body();
            }
        }
    }

    private MllpClient mllp() throws IOException {
        if (mllp == null) {
            mllp = new MllpClient("127.0.0.1", stack.mllpPort(), 60_000);
        }
        return mllp;
    }

    @Override
    public void close() throws IOException {
        if (mllp != null) {
            mllp.close();
        }
    }
}
