package org.edtriage.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client for the Confluent Schema Registry REST API (the subset a producer and consumer need).
 *
 * <p>Confluent's own client is not on Maven Central, and Apicurio's serdes speak only Apicurio's
 * native API; this one speaks the Confluent protocol, so the same code works against a Confluent
 * registry in production and against Apicurio's {@code /apis/ccompat/v7} facade locally.
 *
 * <p>Ids are cached both ways: a schema registered once is never registered again by this process,
 * and a writer schema is fetched once per id. Thread-safe.
 */
public final class SchemaRegistryClient implements SchemaRegistry {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<String, Integer> idBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

    /** @param baseUrl e.g. {@code http://registry:8081} (Confluent) or {@code http://127.0.0.1:8080/apis/ccompat/v7} (Apicurio). */
    public SchemaRegistryClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(10));
    }

    public SchemaRegistryClient(String baseUrl, Duration timeout) {
        this(baseUrl, timeout, null);
    }

    /**
     * A registry behind TLS whose certificate is not in the JVM's trust store (a site CA, the local secure stack's):
     * {@code trustCertificate} is the PEM file to trust; empty for the JVM's trust store (and plain http).
     */
    public static SchemaRegistryClient of(String baseUrl, java.util.Optional<java.nio.file.Path> trustCertificate) {
        return of(baseUrl, trustCertificate.map(org.edtriage.schemas.TrustedCertificate::sslContext).orElse(null));
    }

    /** A registry reached with this TLS context (its trust, and a client certificate if the registry asks for one); null for plain http or the JVM's trust store. */
    public static SchemaRegistryClient of(String baseUrl, javax.net.ssl.SSLContext tls) {
        return new SchemaRegistryClient(baseUrl, Duration.ofSeconds(10), tls);
    }

    private SchemaRegistryClient(String baseUrl, Duration timeout, javax.net.ssl.SSLContext tls) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(timeout);
        if (tls != null) {
            http.sslContext(tls);
        }
        this.http = http.build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Registers the schema under the subject (idempotent on the registry's side) and returns its global id. */
    @Override
    public int register(String subject, Schema schema) {
        return idBySubjectAndSchema.computeIfAbsent(key(subject, schema), k -> {
            JsonNode reply = send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
            int id = reply.path("id").asInt(-1);
            if (id < 0) {
                throw new SchemaRegistryException("registry returned no id for subject " + subject + ": " + reply, 200, 0);
            }
            schemaById.putIfAbsent(id, schema);
            return id;
        });
    }

    /** The id of a schema already registered under the subject; throws with HTTP 404 when it is not. */
    @Override
    public int lookup(String subject, Schema schema) {
        return idBySubjectAndSchema.computeIfAbsent(key(subject, schema), k -> {
            JsonNode reply = send("POST", "/subjects/" + enc(subject), schemaBody(schema));
            return reply.path("id").asInt();
        });
    }

    /** The schema with this global id (the writer's schema of a wire-format message). */
    @Override
    public Schema schemaById(int id) {
        return schemaById.computeIfAbsent(id, i -> {
            JsonNode reply = send("GET", "/schemas/ids/" + i, null);
            return new Schema.Parser().parse(reply.path("schema").asText());
        });
    }

    /** The latest registered version of a subject. */
    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode reply = send("GET", "/subjects/" + enc(subject) + "/versions/latest", null);
        return new RegisteredSchema(subject, reply.path("id").asInt(), reply.path("version").asInt(),
                new Schema.Parser().parse(reply.path("schema").asText()));
    }

    /** Sets the subject's compatibility rule. */
    @Override
    public void setCompatibility(String subject, Compatibility level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        send("PUT", "/config/" + enc(subject), body);
    }

    /** Whether the schema may be registered as the subject's next version under its compatibility rule. */
    @Override
    public boolean isCompatible(String subject, Schema schema) {
        JsonNode reply = send("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest", schemaBody(schema));
        return reply.path("is_compatible").asBoolean(false);
    }

    private static String key(String subject, Schema schema) {
        return subject + '\u0000' + schema.toString();
    }

    private static ObjectNode schemaBody(Schema schema) {
        // schemaType is omitted on purpose: AVRO is the default and older registries reject the field.
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry at " + baseUrl + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted talking to schema registry " + baseUrl, e);
        }
        JsonNode reply = parse(response.body());
        if (response.statusCode() >= 300) {
            String message = reply.path("message").asText(response.body());
            throw new SchemaRegistryException(method + " " + path + ": " + message,
                    response.statusCode(), reply.path("error_code").asInt(0));
        }
        return reply;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", body);
        }
    }
}
