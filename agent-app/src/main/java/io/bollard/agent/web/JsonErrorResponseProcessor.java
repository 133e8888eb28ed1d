package io.bollard.agent.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.bollard.plugin.error.ErrorBody;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.serde.exceptions.SerdeException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/**
 * Renders every error Micronaut itself raises (unknown route, bad parameter, unreadable body, wrong method) as
 * {@link ErrorBody}, so callers see one error shape and never a stack trace.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class JsonErrorResponseProcessor implements ErrorResponseProcessor<ErrorBody> {

    @Override
    public MutableHttpResponse<ErrorBody> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        HttpStatus head = status == HttpStatus.REQUEST_ENTITY_TOO_LARGE ? tooLongHead(context.getRequest()) : null;
        if (head != null) {
            // Micronaut answers 413 for any frame too long: a URL or headers too long were never a body.
            return response.status(head).contentType(MediaType.APPLICATION_JSON_TYPE).body(new ErrorBody(
                    ErrorCodes.of(head), head == HttpStatus.REQUEST_URI_TOO_LONG
                            ? "the request line (method and URL) is longer than the agent reads (4 KiB)"
                            : "the request's headers are larger than the agent reads (8 KiB)"));
        }
        String message = context.hasErrors()
                ? context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "))
                : status.getReason();
        // Micronaut's own messages quote the URI: its query (a token put there by mistake, say) is not repeated.
        String rawQuery = context.getRequest().getUri().getRawQuery();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            message = message.replace("?" + rawQuery, "");
            String query = context.getRequest().getUri().getQuery();
            if (query != null && !query.isEmpty()) {
                message = message.replace("?" + query, "");
            }
        }
        if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE && message.contains("micronaut.")) {
            // Micronaut's words name its settings and ask to rewrite the controller: say what the caller can do.
            message = "the request body is larger than this route takes in one piece (JSON bodies up to 10 MiB; "
                    + "files go through the upload route)";
        } else if (status.getCode() >= 500 && context.getRootCause().isPresent()) {
            // Internal details stay in the log.
            message = "Internal error; see the agent's log";
        } else if (context.getRootCause().map(JsonErrorResponseProcessor::unreadableJson).orElse(false)) {
            // The parser's words quote the body (a password, say) and name the agent's classes: say where only.
            message = "the request body is not valid JSON for this route" + location(context.getRootCause().get())
                    + (mentions(context.getRootCause().get(), StrictBooleanDeserializer.EXPECTED)
                    ? ": a field takes true or false only"
                    : mentions(context.getRootCause().get(), StrictStringDeserializer.EXPECTED)
                    ? ": a text field takes a string (or a number), not a list or an object" : "");
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ErrorBody(ErrorCodes.of(status), message));
    }

    /** 414 or 431 when Netty's decoder stopped at the request line or the headers; null otherwise. */
    private static HttpStatus tooLongHead(HttpRequest<?> request) {
        if (request instanceof NettyHttpRequest<?> netty) {
            Throwable cause = netty.getNativeRequest().decoderResult().cause();
            if (cause instanceof TooLongHttpLineException) {
                return HttpStatus.REQUEST_URI_TOO_LONG;
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            }
        }
        return null;
    }

    private static boolean unreadableJson(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException || t instanceof SerdeException) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentions(Throwable failure, String words) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(words)) {
                return true;
            }
        }
        return false;
    }

    private static String location(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException json && json.getLocation() != null) {
                return " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr()
                        + ")";
            }
        }
        return "";
    }
}
