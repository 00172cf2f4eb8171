package org.edtriage.scoring.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.Map;

/**
 * How the dashboard's users sign in: with the embedded users' form, or through the hospital's OpenID Connect provider.
 * In the second case {@code /sign-in} is where the page sends them: the authorization code flow runs before this
 * resource is reached, so reaching it means signed in, and it returns them to the board.
 */
@Path("/")
public class SignInResource {
    @ConfigProperty(name = "quarkus.oidc.tenant-enabled")
    boolean singleSignOn;

    @GET
    @Path("/sign-in-method")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How the page signs its users in: form or oidc")
    public Map<String, String> method() {
        return Map.of("method", singleSignOn ? "oidc" : "form");
    }

    @GET
    @Path("/sign-in")
    @Operation(summary = "Signed in through the OpenID Connect provider: back to the board")
    public Response signedIn() {
        if (!singleSignOn) {
            throw new jakarta.ws.rs.NotFoundException("this service signs its users in with a form");
        }
        return Response.seeOther(URI.create("/")).build();
    }
}
