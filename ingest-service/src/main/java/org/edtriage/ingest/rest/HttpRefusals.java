package org.edtriage.ingest.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.vertx.ext.web.RoutingContext;
import org.edtriage.ingest.senders.Senders;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Every upload refused for who sent it (401, 403), whichever layer refused it: counted in
 * {@code triage_ingest_refusals_total{door="http",reason}} and logged with the address and the name the sender
 * gave, never with its password or its payload.
 */
@ApplicationScoped
public class HttpRefusals {
    private static final Logger LOG = Logger.getLogger(HttpRefusals.class);
    /** Where a resource leaves the reason of a 403 it answered itself (a facility the sender may not send for). */
    static final String REASON = "triage.refusal";

    void register(@Observes Filters filters, MeterRegistry metrics) {
        // runs before the security handlers, so it also sees the 401s they answer
        filters.register(rc -> {
            if (rc.normalizedPath().startsWith("/api/")) {
                rc.addHeadersEndHandler(v -> record(rc, metrics));
            }
            rc.next();
        }, 1000);
    }

    private static void record(RoutingContext rc, MeterRegistry metrics) {
        int status = rc.response().getStatusCode();
        if (status != 401 && status != 403) {
            return;
        }
        String claimed = claimedName(rc.request().getHeader("Authorization"));
        String detail = rc.get(REASON);
        String reason = status == 401 ? (claimed == null ? "no-credentials" : "bad-credentials")
                : detail != null ? detail.substring(0, detail.indexOf(':')) : "role";
        metrics.counter("triage.ingest.refusals", "door", "http", "reason", reason).increment();
        LOG.warnf("refused %s %s from %s (sender %s): %d %s", rc.request().method(), Senders.printable(rc.normalizedPath()), rc.request().remoteAddress(),
                claimed == null ? "none given" : "'" + claimed + "'", status, detail != null ? detail.substring(detail.indexOf(':') + 2) : reason);
    }

    /** The user name of HTTP basic credentials (never the password), printable characters only; null if none. */
    static String claimedName(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return authorization == null ? null : "(" + authorization.split(" ", 2)[0].replaceAll("[^A-Za-z]", "") + " credentials)";
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return "(malformed basic credentials)"; // without a colon it may be the password itself
            }
            String name = decoded.substring(0, colon);
            name = name.replaceAll("[^\\p{Alnum}._@-]", "?");
            return name.length() > 64 ? name.substring(0, 64) + "..." : name;
        } catch (IllegalArgumentException e) {
            return "(undecodable basic credentials)";
        }
    }
}
