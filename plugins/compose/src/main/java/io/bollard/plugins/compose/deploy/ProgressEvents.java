package io.bollard.plugins.compose.deploy;

import io.bollard.compose.apply.ProgressEvent;
import io.micronaut.serde.annotation.SerdeImport;

/**
 * Lets the server's JSON writer write the compose library's progress events as they are.
 */
@SerdeImport(ProgressEvent.class)
final class ProgressEvents {

    private ProgressEvents() {
    }
}
