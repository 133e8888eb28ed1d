package io.bollard.plugins.images.pull;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /agent/docker/images/pull}.
 *
 * @param image        the reference to pull, such as {@code registry:5000/team/app:1.2}; read as it came (a number or
 *                     a list is refused, not turned into a name to pull)
 * @param registryAuth credentials for this pull only: Docker's base64 {@code X-Registry-Auth}, or
 *                     {@code {username, password, serveraddress}}
 * @param platform     the platform to pull for, {@code os[/arch[/variant]]} such as {@code linux/arm64}; the host's
 *                     when absent (read as it came, like image)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PullRequest(@Nullable @Schema(type = "string", description = "the reference to pull") Object image,
                          @Nullable @Schema(description = "credentials for this pull only: Docker's base64 "
                                  + "X-Registry-Auth, or {username, password, serveraddress}",
                                  oneOf = {String.class, RegistryCredentials.class}) Object registryAuth,
                          @Nullable @Schema(type = "string", description = "the platform to pull for, such as "
                                  + "linux/arm64; the host's when absent") Object platform) {

    /**
     * The object form of pull credentials, as the OpenAPI document shows it (the agent reads it as a map): a
     * user and password, or an identity token, or Docker's {@code auth} (base64 of {@code user:password}).
     *
     * @param username      the user
     * @param password      the password or token
     * @param serveraddress the registry, such as {@code registry:5000}
     * @param identitytoken an identity token instead of a password
     * @param auth          base64 of {@code user:password}
     */
    @Schema(name = "RegistryCredentials")
    record RegistryCredentials(@Nullable String username, @Nullable String password, @Nullable String serveraddress,
                               @Nullable String identitytoken, @Nullable String auth) {
    }

    @Override
    public String toString() {
        // Never show the credentials, whatever prints this.
        return "PullRequest[image=" + image + ", registryAuth=" + (registryAuth == null ? "none" : "***")
                + ", platform=" + platform + "]";
    }
}
