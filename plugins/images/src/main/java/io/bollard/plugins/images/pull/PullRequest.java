package io.bollard.plugins.images.pull;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * The body of {@code POST /agent/docker/images/pull}.
 *
 * @param image        the reference to pull, such as {@code registry:5000/team/app:1.2}
 * @param registryAuth credentials for this pull only: Docker's base64 {@code X-Registry-Auth}, or
 *                     {@code {username, password, serveraddress}}
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PullRequest(@Nullable String image, @Nullable Object registryAuth) {

    @Override
    public String toString() {
        // Never show the credentials, whatever prints this.
        return "PullRequest[image=" + image + ", registryAuth=" + (registryAuth == null ? "none" : "***") + "]";
    }
}
