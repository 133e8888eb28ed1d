package io.bollard.plugins.files;

import io.bollard.plugin.RequiresPlugin;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.http.context.event.HttpRequestTerminatedEvent;
import jakarta.inject.Singleton;

/**
 * Closes a download's opened stream when its request ends without the body having been read: Micronaut drops a
 * response it could not send (the client left while the download was being opened, or a HEAD request) without
 * touching its body, which would leave a file, a folder's packing thread or a Docker connection open.
 */
@Singleton
@RequiresPlugin(FilesPlugin.ID)
public class DownloadRelease implements ApplicationEventListener<HttpRequestTerminatedEvent> {

    /** The request attribute that holds a download's {@link ChunkedReads.Pending} stream. */
    static final String PENDING = "bollard.files.download";

    @Override
    public void onApplicationEvent(HttpRequestTerminatedEvent event) {
        event.getSource().getAttribute(PENDING, ChunkedReads.Pending.class)
                .ifPresent(ChunkedReads.Pending::closeUnlessTaken);
    }
}
