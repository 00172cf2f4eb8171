package org.edtriage.deploy.stack;

import java.net.URI;

/**
 * The hospital's OpenID Connect provider, for the dashboard's sign-in instead of the local stack's one user: the
 * realm's issuer URL, the dashboard's client and its secret (handed to the scoring service in its environment, never
 * on a command line). Users then need the provider's role {@code clinician} or {@code admin} to see the board.
 */
public record SingleSignOn(URI issuer, String clientId, String clientSecret) {
    public SingleSignOn {
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("the OIDC client secret of '" + clientId + "' is empty");
        }
    }

    /** The scoring service's settings (no secret among them). */
    java.util.Map<String, String> serviceProperties() {
        return java.util.Map.of("quarkus.oidc.tenant-enabled", "true", "quarkus.oidc.auth-server-url", issuer.toString(),
                "quarkus.oidc.client-id", clientId);
    }

    /** The scoring service's environment: the client secret. */
    java.util.Map<String, String> serviceEnvironment() {
        return java.util.Map.of("QUARKUS_OIDC_CREDENTIALS_SECRET", clientSecret);
    }

    @Override
    public String toString() { // never the secret
        return "SingleSignOn[" + issuer + ", client " + clientId + "]";
    }
}
