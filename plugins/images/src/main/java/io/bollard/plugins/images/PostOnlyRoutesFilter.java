package io.bollard.plugins.images;

import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.error.ErrorBody;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Makes every 405 of the POST-only routes {@code pull} and {@code prune} say {@code Allow: POST}. Micronaut counts
 * the {@code {+ref}} routes' GET and DELETE among their methods (they would take those names for images), and
 * {@link ImagesPlugin#checkedRef} answers those with a 405 of its own, which has no {@code Allow} at all.
 */
@ServerFilter({ImagesPlugin.ROUTE_PREFIX + "/pull", ImagesPlugin.ROUTE_PREFIX + "/prune"})
@RequiresPlugin(ImagesPlugin.ID)
public class PostOnlyRoutesFilter {

    /**
     * Sets the allowed method and a message naming it on a 405.
     *
     * @param request  the request
     * @param response the answer
     */
    @ResponseFilter
    public void allowPostOnly(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.code() != HttpStatus.METHOD_NOT_ALLOWED.getCode()) {
            return;
        }
        response.getHeaders().set(HttpHeaders.ALLOW, HttpMethod.POST.name());
        if (request.getMethod() != HttpMethod.HEAD) {
            response.contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(new ErrorBody("method_not_allowed", request.getPath() + " takes POST only"));
        }
    }
}
