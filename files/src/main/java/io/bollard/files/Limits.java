package io.bollard.files;

/**
 * Bounds on what one request may make the file manager read or write.
 *
 * @param maxReadBytes        the largest file {@code read} returns whole
 * @param maxUploadBytes      the largest upload (or archive's unpacked size)
 * @param maxArchiveEntries   the most entries one archive may unpack
 */
public record Limits(long maxReadBytes, long maxUploadBytes, int maxArchiveEntries) {

    /** 10 MiB reads, 1 GiB uploads, 100 000 archive entries. */
    public static final Limits DEFAULT = new Limits(10L << 20, 1L << 30, 100_000);
}
