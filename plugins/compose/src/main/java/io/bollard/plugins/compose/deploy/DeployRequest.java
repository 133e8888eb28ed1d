package io.bollard.plugins.compose.deploy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.Map;

/**
 * The body of a deploy, with the fields the DockPal agent names.
 *
 * @param name          the stack name
 * @param compose       the Compose file's text
 * @param env           variables for interpolation; they win over the {@code .env} file
 * @param files         other files of the stack by relative path ({@code .env}, env files, configs)
 * @param registryAuths credentials by registry host: base64 {@code X-Registry-Auth} or {@code {username, password}}
 * @param removeOrphans remove containers of services no longer in the file
 * @param pull          pull every image, even present ones
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record DeployRequest(@Nullable String name, @Nullable String compose, @Nullable Map<String, String> env,
                            @Nullable Map<String, String> files, @Nullable Map<String, Object> registryAuths,
                            @Nullable Boolean removeOrphans, @Nullable Boolean pull) {

    @Override
    public String toString() {
        // Variables and credentials are secrets: never print them.
        return "DeployRequest[name=" + name + "]";
    }
}
