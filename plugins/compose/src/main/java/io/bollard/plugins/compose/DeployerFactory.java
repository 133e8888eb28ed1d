package io.bollard.plugins.compose;

import com.github.dockerjava.api.DockerClient;
import io.bollard.compose.apply.Deployer;
import io.bollard.plugin.RequiresPlugin;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * Makes the compose library's deployer a bean.
 */
@Factory
@RequiresPlugin(ComposePlugin.ID)
public class DeployerFactory {

    /**
     * @param docker the Docker client
     * @return the deployer
     */
    @Singleton
    public Deployer deployer(DockerClient docker) {
        return new Deployer(docker);
    }
}
