package io.bollard.agent.docker;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.api.model.DockerObject;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.core.SSLConfig;

import java.net.URI;
import java.util.HashMap;

/**
 * A docker-java configuration whose JSON mapper binds Docker's answers straight into the model classes.
 *
 * <p>docker-java's own mapper reads every object of an answer into a tree, binds the tree, then converts it once
 * more into a map of "raw values" it keeps beside the fields. On a list of 100 containers that was more than half
 * of the agent's CPU per request (profiled with JFR). So the agent uses a mapper with the same settings (empty beans
 * allowed) without that step, which keeps as raw values only the fields the model does not know: an engine newer
 * than the model (or a field it never modelled, such as a container's {@code StopSignal}) loses nothing, neither in
 * an inspect document shown as it is nor in a host config sent back to recreate a container.
 */
final class DirectBindingConfig implements DockerClientConfig {

    private final DockerClientConfig delegate;
    private final ObjectMapper mapper = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addMixIn(DockerObject.class, KeepsUnknownFields.class);

    /** Gives {@link DockerObject}'s raw values the fields a model class does not know (it writes them back too). */
    abstract static class KeepsUnknownFields {
        @JsonAnySetter
        HashMap<String, Object> rawValues;
    }

    /**
     * @param delegate the configuration everything but the mapper comes from
     */
    DirectBindingConfig(DockerClientConfig delegate) {
        this.delegate = delegate;
    }

    @Override
    public ObjectMapper getObjectMapper() {
        return mapper;
    }

    @Override
    public URI getDockerHost() {
        return delegate.getDockerHost();
    }

    @Override
    public RemoteApiVersion getApiVersion() {
        return delegate.getApiVersion();
    }

    @Override
    public String getRegistryUsername() {
        return delegate.getRegistryUsername();
    }

    @Override
    public String getRegistryPassword() {
        return delegate.getRegistryPassword();
    }

    @Override
    public String getRegistryEmail() {
        return delegate.getRegistryEmail();
    }

    @Override
    public String getRegistryUrl() {
        return delegate.getRegistryUrl();
    }

    @Override
    public AuthConfig effectiveAuthConfig(String imageName) {
        return delegate.effectiveAuthConfig(imageName);
    }

    @Override
    public AuthConfigurations getAuthConfigurations() {
        return delegate.getAuthConfigurations();
    }

    @Override
    public SSLConfig getSSLConfig() {
        return delegate.getSSLConfig();
    }
}
