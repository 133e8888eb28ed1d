package io.bollard.plugins.images.pull;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * One line of a streamed pull: Docker's progress, or the last line with the result.
 *
 * @param id              the layer (or tag) Docker reports on; on the result line the pulled image's id
 * @param status          Docker's status text, such as {@code Downloading}; {@code pulled} or {@code error} last
 * @param progressCurrent bytes done, when Docker reports them
 * @param progressTotal   bytes in all, when Docker reports them
 * @param image           on the result line: the reference pulled (the result line is the plain answer's object)
 * @param error           on an error line: the error code
 * @param message         on an error line: what went wrong
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PullProgress(@Nullable String id, String status, @Nullable Long progressCurrent,
                           @Nullable Long progressTotal, @Nullable String image, @Nullable String error,
                           @Nullable String message) {

    static PullProgress step(String id, String status, Long current, Long total) {
        return new PullProgress(id, status, current, total, null, null, null);
    }

    static PullProgress pulled(String imageId, String reference) {
        return new PullProgress(imageId, "pulled", null, null, reference, null, null);
    }

    static PullProgress failed(String code, String message) {
        return new PullProgress(null, "error", null, null, null, code, message);
    }
}
