package io.bollard.compose.apply;

import io.bollard.compose.plan.Operation;

import java.util.List;

/**
 * A plan step the engine refused; the steps before it are done and stay done, so a later deploy of the same file
 * picks up from there.
 */
public class ApplyException extends RuntimeException {

    private final transient Operation failed;
    private final String reason;
    private final List<String> done;

    /**
     * @param failed  the step that failed
     * @param message the engine's message
     * @param done    the steps done before it, as printed
     * @param cause   the engine's exception, or null
     */
    public ApplyException(Operation failed, String message, List<String> done, Throwable cause) {
        super(failed + ": " + message, cause);
        this.failed = failed;
        this.reason = message;
        this.done = List.copyOf(done);
    }

    /** @return the step that failed */
    public Operation failed() {
        return failed;
    }

    /** @return the engine's message, without the step */
    public String reason() {
        return reason;
    }

    /** @return the steps done before it */
    public List<String> done() {
        return done;
    }
}
