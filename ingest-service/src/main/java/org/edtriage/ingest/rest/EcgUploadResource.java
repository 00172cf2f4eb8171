package org.edtriage.ingest.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.ingest.senders.Senders;
import org.edtriage.ingest.wfdb.WfdbArchive;
import org.edtriage.ingest.wfdb.WfdbIngest;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * The HTTP ways in for ECG files: {@code POST /api/ecgs} (an ECG document, below) and {@code POST /api/ecgs/wfdb} (multipart: {@code header} = the .hea file, {@code signal} = the .dat
 * file; query {@code facility}, {@code patientId}, {@code visitId}), by a signed-in sender (role
 * {@value #SENDER}) for a facility its allow-list names (and, for a patient id "MRN@AUTHORITY", an authority it names). Answers 202 only after Kafka has the event, 422
 * naming the failed check for a bad record (whose bytes are kept on the dead-letter topic), 503 when
 * Kafka cannot take it (retry later; nothing was stored); 401 without valid credentials, 403 for a
 * facility the sender may not send for (neither is stored: the sender still has its record).
 */
@Path("/api/ecgs")
public class EcgUploadResource {
    /** The role of an ECG sender (a cart gateway, an ECG management system, an integration engine). */
    public static final String SENDER = "sender";

    @Inject
    WfdbIngest ingest;
    @Inject
    Senders senders;
    @Inject
    SecurityIdentity identity;

    @POST
    @Path("/wfdb")
    @RolesAllowed(SENDER)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@RestForm("header") FileUpload header, @RestForm("signal") FileUpload signal,
                           @RestForm("archive") FileUpload archive,
                           @RestQuery String facility, @RestQuery String patientId, @RestQuery String visitId,
                           @RestQuery String record, @Context RoutingContext http) throws IOException {
        Response refused = admit(facility, patientId, http);
        if (refused != null) {
            return refused;
        }
        String name = identity.getPrincipal().getName();
        String sender = "http:" + name + "@" + http.request().remoteAddress();
        try {
            WfdbIngest.Result result;
            if (archive != null) {
                byte[] zip = Files.readAllBytes(archive.uploadedFile());
                WfdbArchive.Contents contents;
                try {
                    contents = WfdbArchive.read(zip, record);
                } catch (IOException e) {
                    ingest.refuse(new WfdbIngest.RawRecord(zip, "application/zip"), sender, WfdbIngest.SOURCE, "archive", "archive: " + e.getMessage());
                    return Response.status(422).entity(Map.of("error", "archive: " + e.getMessage(), "check", "archive",
                            "deadLettered", true)).build();
                }
                result = ingest.ingest(contents.headerFile(), contents.files(), patientId, visitId, sender, WfdbIngest.SOURCE,
                        new WfdbIngest.RawRecord(zip, "application/zip"));
            } else if (header != null && signal != null) {
                result = ingest.ingest(Files.readAllBytes(header.uploadedFile()), Files.readAllBytes(signal.uploadedFile()),
                        patientId, visitId, sender);
            } else {
                return Response.status(400).entity(Map.of("error", "send multipart form parts 'header' (the .hea file) and "
                        + "'signal' (the .dat file), or 'archive' (a zip of the record's files)")).build();
            }
            return answer(result);
        } catch (EventPublisher.PublishException e) {
            return Response.status(503).header("Retry-After", "5").entity(Map.of("error", e.getMessage())).build();
        }
    }

    /**
     * {@code POST /api/ecgs} with the document as the body (GE MUSE XML, Philips XML, HL7 aECG or DICOM, recognised by content;
     * query {@code facility}, {@code patientId}, {@code visitId}, {@code name}): answers as the WFDB upload does.
     */
    @POST
    @RolesAllowed(SENDER)
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML, "application/dicom", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    public Response uploadDocument(byte[] document, @RestQuery String facility, @RestQuery String patientId, @RestQuery String visitId,
                                   @RestQuery("name") String documentName, @Context RoutingContext http) {
        Response refused = admit(facility, patientId, http);
        if (refused != null) {
            return refused;
        }
        if (document == null || document.length == 0) {
            return Response.status(400).entity(Map.of("error", "the request body is the ECG document (GE MUSE XML, Philips XML or HL7 aECG)")).build();
        }
        String sender = "http:" + identity.getPrincipal().getName() + "@" + http.request().remoteAddress();
        String name = documentName == null || documentName.isBlank() ? "upload" : Senders.printable(documentName);
        try {
            return answer(ingest.ingestDocument(document, name, http.request().getHeader("Content-Type"), patientId, visitId, sender,
                    WfdbIngest.DOCUMENT_SOURCE));
        } catch (EventPublisher.PublishException e) {
            return Response.status(503).header("Retry-After", "5").entity(Map.of("error", e.getMessage())).build();
        }
    }

    /**
     * Who may upload what: the signed-in sender, for a facility of its own and, for a patient id "MRN@AUTHORITY",
     * an authority of its own ("MRN@AUTHORITY" is the patient key: a sender may only write into its own records).
     * Null when admitted, else the 400/403 to answer.
     */
    private Response admit(String facility, String patientId, RoutingContext http) {
        String name = identity.getPrincipal().getName();
        if (facility == null || facility.isBlank()) {
            return Response.status(400).entity(Map.of("error", "name the facility the ECG was recorded for (query 'facility')")).build();
        }
        Senders.Admission admission = senders.admitHttp(name, facility);
        int at = patientId == null ? -1 : patientId.lastIndexOf('@');
        if (admission.admitted() && at >= 0 && !senders.allows(name, patientId.substring(at + 1))) {
            admission = new Senders.Admission(name, "sender '" + name + "' may not send for patients of '"
                    + Senders.printable(patientId.substring(at + 1)) + "' (the patient id's assigning authority)");
        }
        if (admission.admitted()) {
            return null;
        }
        http.put(HttpRefusals.REASON, "facility-not-allowed: " + admission.refusal());
        return Response.status(403).entity(Map.of("error", admission.refusal())).build();
    }

    private static Response answer(WfdbIngest.Result result) {
        if (result instanceof WfdbIngest.Accepted accepted) {
            return Response.accepted(accepted).build();
        }
        WfdbIngest.Rejected rejected = (WfdbIngest.Rejected) result;
        return Response.status(422).entity(Map.of("error", rejected.reason(), "check", rejected.check(), "deadLettered", true)).build();
    }
}
