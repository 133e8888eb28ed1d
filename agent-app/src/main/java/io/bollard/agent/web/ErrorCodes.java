package io.bollard.agent.web;

import io.micronaut.http.HttpStatus;

/**
 * The stable error code for an HTTP status, for errors that do not carry their own.
 */
final class ErrorCodes {

    private ErrorCodes() {
    }

    static String of(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "bad_request";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not_found";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case NOT_ACCEPTABLE -> "not_acceptable";
            case CONFLICT -> "conflict";
            case REQUEST_ENTITY_TOO_LARGE -> "too_large";
            case REQUEST_URI_TOO_LONG -> "uri_too_long";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "headers_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            case REQUESTED_RANGE_NOT_SATISFIABLE -> "range_not_satisfiable";
            case UNPROCESSABLE_ENTITY -> "unprocessable";
            case TOO_MANY_REQUESTS -> "too_many_requests";
            case BAD_GATEWAY -> "docker_error";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> status.getCode() >= 500 ? "internal_error" : "error";
        };
    }
}
