package io.bollard.agent.web;

import io.bollard.plugin.docker.BooleanParameter;
import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.TypeConverter;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Reads a boolean query value (or header, or path value) as {@code true}/{@code false}, {@code 1}/{@code 0},
 * {@code yes}/{@code no} or {@code on}/{@code off}, in any letter case, and refuses anything else with a 400.
 *
 * <p>Micronaut's own reading took {@code 1} for false, while Docker's API, which servers mirror, takes it for
 * true: {@code ?all=1} listed running containers only, {@code ?force=1} did not force. Any other word was false
 * too, whatever the parameter's default.
 */
@Singleton
public class StrictBooleanConverter implements TypeConverter<String, Boolean> {

    @Override
    public Optional<Boolean> convert(String value, Class<Boolean> targetType, ConversionContext context) {
        Optional<Boolean> read = BooleanParameter.read(value);
        if (read.isEmpty()) {
            context.reject(value, new IllegalArgumentException(BooleanParameter.EXPECTED + ", not '" + value + "'"));
        }
        return read;
    }
}
