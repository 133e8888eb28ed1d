package io.bollard.plugins.compose;

import com.github.dockerjava.api.DockerClient;
import io.bollard.compose.apply.Deployer;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.filter.LabelFilter;
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
     * @param filter the filter in force: networks and volumes it hides by their labels are neither used nor removed
     * @return the deployer
     */
    @Singleton
    public Deployer deployer(DockerClient docker, LabelFilter filter) {
        return new Deployer(docker, filter::matchesLabels);
    }
}
