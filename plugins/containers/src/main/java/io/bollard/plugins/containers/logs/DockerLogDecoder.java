package io.bollard.plugins.containers.logs;

import com.github.dockerjava.api.model.StreamType;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes Docker's answer to a log request as it arrives in reads of any size: the HTTP head, a chunked (or
 * plain) body, and inside it Docker's multiplexed frames (an 8-byte header: stream, three zeros, a big-endian
 * length), or a TTY container's raw bytes.
 *
 * <p>Written here rather than taken from an HTTP client so that one socket read of many small chunks is decoded
 * in one pass without a copy per chunk; {@link SocketLogReader} says why that matters. A frame's payload is passed
 * on in as many pieces as the reads and chunks cut it into ({@link LogLineAssembler} joins lines anyway), except
 * that its first piece always holds its first {@link #LEAD_BYTES} bytes, where a timestamp would be.
 */
final class DockerLogDecoder {

    /** Receives the decoded bytes of each stream. */
    interface Sink {
        /**
         * Takes bytes of one stream, a whole frame or part of one.
         *
         * @param stream     stdout, stderr, or raw for a TTY
         * @param frameStart whether these bytes start a frame
         * @param data       the buffer
         * @param offset     where the bytes start
         * @param length     how many
         */
        void payload(StreamType stream, boolean frameStart, byte[] data, int offset, int length);
    }

    /** A head longer than this is not Docker's. */
    static final int MAX_HEAD_BYTES = 16 * 1024;

    /** A frame's first piece is at least this long (or the whole frame): where the assembler looks for a timestamp. */
    static final int LEAD_BYTES = LogLineAssembler.TIMESTAMP_SCAN_BYTES;

    /** An error body is kept up to this size for its message. */
    static final int MAX_ERROR_BYTES = 64 * 1024;

    private enum Body { HEAD, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, PLAIN, DONE }

    private final Sink sink;
    private Body body = Body.HEAD;
    private final StringBuilder line = new StringBuilder();
    private int status;
    private boolean chunked;
    private boolean contentLength;
    private long remaining = -1;
    private int sizeDigits;
    private boolean sizeEnded;
    private int trailerLineBytes;
    private final ByteArrayOutputStream errorBody = new ByteArrayOutputStream();

    // Frame state, over the body's bytes.
    private final byte[] header = new byte[8];
    private int headerBytes;
    private boolean raw;
    private boolean firstFrame = true;
    private StreamType frameStream;
    private int frameLeft;
    private boolean frameStart;
    private final byte[] lead = new byte[LEAD_BYTES];
    private int leadBytes;
    private int leadWanted;

    /**
     * @param sink where decoded bytes go
     */
    DockerLogDecoder(Sink sink) {
        this.sink = sink;
    }

    /**
     * Decodes the bytes between the buffer's position and limit (all of them are consumed).
     *
     * @param in a buffer with an accessible array
     */
    void decode(ByteBuffer in) {
        byte[] a = in.array();
        int i = in.arrayOffset() + in.position();
        int end = in.arrayOffset() + in.limit();
        while (i < end && body != Body.DONE) {
            switch (body) {
                case HEAD -> {
                    byte b = a[i++];
                    if (b == '\n') {
                        headLine(stripCr(line));
                        line.setLength(0);
                    } else if (line.length() >= MAX_HEAD_BYTES) {
                        throw new DecodingException("Docker's answer has an over-long line in its head");
                    } else {
                        line.append((char) (b & 0xff));
                    }
                }
                case CHUNK_SIZE -> {
                    // Read digit by digit: Docker sends a chunk a line, so this runs a million times per 100 MiB.
                    byte b = a[i++];
                    if (b == '\n') {
                        endOfChunkSize();
                    } else if (!sizeEnded) {
                        int digit = Character.digit(b, 16);
                        if (digit >= 0 && sizeDigits < 15) {
                            remaining = remaining * 16 + digit;
                            sizeDigits++;
                        } else if (b == ';' || b == '\r' || b == ' ' || b == '\t') {
                            sizeEnded = true;
                        } else {
                            throw new DecodingException("Docker's answer has a bad chunk size");
                        }
                    }
                }
                case CHUNK_END -> {
                    byte b = a[i++];
                    if (b == '\n') {
                        body = Body.CHUNK_SIZE;
                    } else if (b != '\r') {
                        throw new DecodingException("Docker's answer has a chunk that does not end where it said");
                    }
                }
                case TRAILER -> {
                    // Trailer lines after the last chunk; an empty one ends the answer.
                    byte b = a[i++];
                    if (b == '\n') {
                        if (trailerLineBytes == 0) {
                            body = Body.DONE;
                        }
                        trailerLineBytes = 0;
                    } else if (b != '\r') {
                        trailerLineBytes++;
                    }
                }
                case CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, end - i);
                    content(a, i, n);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        body = Body.CHUNK_END;
                    }
                }
                case PLAIN -> {
                    int n = remaining < 0 ? end - i : (int) Math.min(remaining, end - i);
                    content(a, i, n);
                    i += n;
                    if (remaining > 0) {
                        remaining -= n;
                        if (remaining == 0) {
                            body = Body.DONE;
                        }
                    }
                }
                default -> throw new IllegalStateException(body.name());
            }
        }
        in.position(in.limit());
    }

    /** @return the HTTP status, or 0 before the head was read */
    int status() {
        return status;
    }

    /** @return whether the head has been read */
    boolean headRead() {
        return body != Body.HEAD;
    }

    /** @return whether the body says where it ends (chunked, or a content length), so an early end shows */
    boolean delimited() {
        return chunked || contentLength;
    }

    /** @return whether the body ended by its own framing (last chunk, or content length reached) */
    boolean finished() {
        return body == Body.DONE;
    }

    /** @return the bytes of a non-2xx answer's body, as UTF-8 text */
    String errorBody() {
        return errorBody.toString(StandardCharsets.UTF_8);
    }

    private void endOfChunkSize() {
        if (sizeDigits == 0) {
            throw new DecodingException("Docker's answer has a chunk without a size");
        }
        body = remaining == 0 ? Body.TRAILER : Body.CHUNK_DATA;
        sizeDigits = 0;
        sizeEnded = false;
    }

    private void headLine(String text) {
        if (status == 0) {
            // HTTP/1.1 200 OK
            String[] parts = text.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new DecodingException("Docker's answer does not start with an HTTP status line");
            }
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new DecodingException("Docker's answer has a bad status '" + parts[1] + "'");
            }
            return;
        }
        if (text.isEmpty()) {
            if (chunked) {
                body = Body.CHUNK_SIZE;
                remaining = 0;
            } else {
                body = remaining == 0 ? Body.DONE : Body.PLAIN;
            }
            return;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).trim();
        if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
            chunked = true;
        } else if (name.equals("content-length")) {
            try {
                remaining = Long.parseLong(value);
                contentLength = true;
            } catch (NumberFormatException e) {
                throw new DecodingException("Docker's answer has a bad content length '" + value + "'");
            }
        }
    }

    /** The body's bytes: an error text, or frames. */
    private void content(byte[] a, int offset, int length) {
        if (status < 200 || status >= 300) {
            int room = MAX_ERROR_BYTES - errorBody.size();
            errorBody.write(a, offset, Math.min(room, length));
            return;
        }
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (raw) {
                sink.payload(StreamType.RAW, false, a, i, end - i);
                return;
            }
            if (frameLeft == 0) {
                header[headerBytes++] = a[i++];
                if (headerBytes == 1 && firstFrame && streamOf(header[0]) == null) {
                    // Not a frame header: a TTY container's log is sent raw (docker-java decides the same way).
                    raw = true;
                    sink.payload(StreamType.RAW, false, header, 0, 1);
                    continue;
                }
                if (headerBytes == header.length) {
                    firstFrame = false;
                    frameStream = streamOf(header[0]);
                    if (frameStream == null) {
                        throw new DecodingException("Docker's log has a frame of unknown stream " + header[0]);
                    }
                    frameLeft = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                            | (header[7] & 0xff);
                    headerBytes = 0;
                    frameStart = true;
                    leadWanted = Math.min(frameLeft, LEAD_BYTES);
                    if (frameLeft < 0) {
                        throw new DecodingException("Docker's log has a frame of negative length");
                    }
                }
            } else if (frameStart && (leadBytes > 0 || end - i < leadWanted)) {
                // The frame's start is cut by a read or a chunk: gather it, so that its first piece holds
                // Docker's timestamp whole.
                int n = Math.min(leadWanted - leadBytes, end - i);
                System.arraycopy(a, i, lead, leadBytes, n);
                leadBytes += n;
                i += n;
                frameLeft -= n;
                if (leadBytes == leadWanted) {
                    sink.payload(frameStream, true, lead, 0, leadBytes);
                    leadBytes = 0;
                    frameStart = false;
                }
            } else {
                int n = Math.min(frameLeft, end - i);
                sink.payload(frameStream, frameStart, a, i, n);
                frameStart = false;
                i += n;
                frameLeft -= n;
            }
        }
    }

    private static StreamType streamOf(byte b) {
        return switch (b) {
            case 0 -> StreamType.STDIN;
            case 1 -> StreamType.STDOUT;
            case 2 -> StreamType.STDERR;
            default -> null;
        };
    }

    private static String stripCr(StringBuilder s) {
        int len = s.length();
        return len > 0 && s.charAt(len - 1) == '\r' ? s.substring(0, len - 1) : s.toString();
    }

    /** Docker's answer could not be decoded. */
    static final class DecodingException extends RuntimeException {
        DecodingException(String message) {
            super(message);
        }
    }
}
