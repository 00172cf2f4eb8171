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

/** Sends a WFDB record to the ingest service's upload endpoint, as an ECG cart's gateway would. */
public final class WfdbUploader {
    private final String ingestBaseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WfdbUploader(String ingestBaseUrl) {
        this.ingestBaseUrl = ingestBaseUrl;
    }

    /** The HTTP status and JSON body of the ingest service's answer. */
    public record Reply(int status, String body) {
        public boolean accepted() {
            return status == 202;
        }
    }

    public Reply upload(String recordName, byte[] header, byte[] data, String patientId, String visitId)
            throws IOException, InterruptedException {
        String boundary = "triage-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(header.length + data.length + 512);
        part(body, boundary, "header", recordName + ".hea", "text/plain", header);
        part(body, boundary, "signal", recordName + ".dat", "application/octet-stream", data);
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        StringBuilder query = new StringBuilder();
        if (patientId != null) {
            query.append(query.isEmpty() ? "?" : "&").append("patientId=").append(URLEncoder.encode(patientId, StandardCharsets.UTF_8));
        }
        if (visitId != null) {
            query.append(query.isEmpty() ? "?" : "&").append("visitId=").append(URLEncoder.encode(visitId, StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingestBaseUrl + "/api/ecgs/wfdb" + query))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
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
