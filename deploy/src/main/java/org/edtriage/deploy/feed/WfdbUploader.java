package org.edtriage.deploy.feed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Sends a WFDB record or an ECG document to the ingest service's upload endpoints, signed in as a sender, as an ECG cart's
 * gateway or an ECG management system's export would.
 */
public final class WfdbUploader {
    private final String ingestBaseUrl;
    private final String authorization;
    private final HttpClient http;

    /** @param authorization the sender's {@code Authorization} header value ({@code ServiceUser.basicAuthorization()}), null for none */
    public WfdbUploader(String ingestBaseUrl, String authorization) {
        this(ingestBaseUrl, authorization, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** @param http a client that trusts the ingest service's certificate when it serves https ({@code LocalStack.http()}) */
    public WfdbUploader(String ingestBaseUrl, String authorization, HttpClient http) {
        this.ingestBaseUrl = ingestBaseUrl;
        this.authorization = authorization;
        this.http = http;
    }

    /** The HTTP status and JSON body of the ingest service's answer. */
    public record Reply(int status, String body) {
        public boolean accepted() {
            return status == 202;
        }
    }

    /** @param facility the hospital the ECG was recorded for; the sender must be allowed to send for it */
    public Reply upload(String recordName, byte[] header, byte[] data, String facility, String patientId, String visitId)
            throws IOException, InterruptedException {
        String boundary = "triage-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(header.length + data.length + 512);
        part(body, boundary, "header", recordName + ".hea", "text/plain", header);
        part(body, boundary, "signal", recordName + ".dat", "application/octet-stream", data);
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        StringBuilder query = new StringBuilder();
        if (facility != null) {
            query.append("?facility=").append(URLEncoder.encode(facility, StandardCharsets.UTF_8));
        }
        if (patientId != null) {
            query.append(query.isEmpty() ? "?" : "&").append("patientId=").append(URLEncoder.encode(patientId, StandardCharsets.UTF_8));
        }
        if (visitId != null) {
            query.append(query.isEmpty() ? "?" : "&").append("visitId=").append(URLEncoder.encode(visitId, StandardCharsets.UTF_8));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingestBaseUrl + "/api/ecgs/wfdb" + query))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    /** {@code POST /api/ecgs} with a GE MUSE, Philips, HL7 aECG or DICOM document as the body (ingest recognises it by content). */
    public Reply uploadDocument(String name, byte[] document, String facility, String patientId, String visitId)
            throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder("?name=").append(URLEncoder.encode(name, StandardCharsets.UTF_8));
        if (facility != null) {
            query.append("&facility=").append(URLEncoder.encode(facility, StandardCharsets.UTF_8));
        }
        if (patientId != null) {
            query.append("&patientId=").append(URLEncoder.encode(patientId, StandardCharsets.UTF_8));
        }
        if (visitId != null) {
            query.append("&visitId=").append(URLEncoder.encode(visitId, StandardCharsets.UTF_8));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingestBaseUrl + "/api/ecgs" + query))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", org.edtriage.ecg.documents.EcgDocuments.mediaType(org.edtriage.ecg.documents.EcgDocuments.kind(document)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(document));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String fileName, String type, byte[] content)
            throws IOException {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(content);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
