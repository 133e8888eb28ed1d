package io.bollard.compose.plan;

/**
 * Choices a deploy makes beyond the file.
 *
 * @param removeOrphans remove containers of services no longer in the file
 * @param pull          pull every image even when present
 */
public record PlanOptions(boolean removeOrphans, boolean pull) {
}
