package io.bollard.plugin.docker;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import io.bollard.plugin.error.ApiException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A GET to Docker's unix socket whose answer's body is read as a stream that can be given up at any point: closing
 * it closes the connection, and Docker stops sending.
 *
 * <p>Why not docker-java: its streams read the rest of a body when they are closed (its HTTP client keeps the
 * connection for reuse). For a container's archive that meant a read refused as too large after the first tar
 * header still waited for the whole file, and a download whose client left kept the agent reading Docker's tar to
 * its end. Netty's HTTP decoder parses the answer (chunked, with a length, or to the connection's end).
 *
 * <p>One thread reads; {@link #close()} may come from any thread and ends a read in progress.
 */
public final class DockerSocketGet implements Closeable {

    /** The most one socket read takes. */
    static final int READ_BYTES = 64 * 1024;

    /** The most an answer's head may take (Docker's path-stat header holds a link's target, up to 4 KiB). */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    /** The most of an error answer's body kept for its message. */
    static final int MAX_ERROR_BYTES = 64 * 1024;

    /** Unpooled heap buffers without leak tracking: a body given up half-read is left to the garbage collector. */
    private static final UnpooledByteBufAllocator HEAP = new UnpooledByteBufAllocator(false, true);

    private final SocketChannel channel;
    private final EmbeddedChannel decoder;
    private final ByteBuffer buffer = ByteBuffer.allocate(READ_BYTES);
    private final AtomicBoolean closed = new AtomicBoolean();
    private HttpResponse head;
    private ByteBuf content;
    private boolean ended;
    private long received;

    private DockerSocketGet(SocketChannel channel) {
        this.channel = channel;
        this.decoder = new EmbeddedChannel();
        decoder.config().setAllocator(HEAP);
        decoder.pipeline().addLast(new HttpResponseDecoder(new HttpDecoderConfig()
                .setMaxChunkSize(READ_BYTES).setMaxHeaderSize(MAX_HEAD_BYTES).setMaxInitialLineLength(MAX_HEAD_BYTES)));
    }

    /**
     * Sends the request and reads the answer's head; the caller closes what it gets.
     *
     * @param socket       Docker's unix socket
     * @param pathAndQuery the path with its query, encoded (no API version: the engine's own)
     * @param timer        records the call to its head, as docker-java's calls are for {@code /metrics}
     * @return the answer, its body unread
     * @throws IOException when Docker cannot be reached; a {@link BadAnswerException} when it does not answer in
     *                     readable HTTP
     */
    public static DockerSocketGet open(Path socket, String pathAndQuery, DockerEndpoint.CallTimer timer)
            throws IOException {
        long started = System.nanoTime();
        SocketChannel channel = null;
        int status = 0;
        boolean handedOver = false;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            DockerSocketGet get = new DockerSocketGet(channel);
            ByteBuffer request = ByteBuffer.wrap(request(pathAndQuery));
            while (request.hasRemaining()) {
                channel.write(request);
            }
            get.readHead();
            status = get.status();
            timer.record("GET", pathAndQuery, status, System.nanoTime() - started);
            handedOver = true;
            return get;
        } finally {
            if (!handedOver) {
                // Nothing to hand over, so nothing else would close the connection.
                if (channel != null) {
                    channel.close();
                }
                if (status == 0) {
                    timer.record("GET", pathAndQuery, 0, System.nanoTime() - started);
                }
            }
        }
    }

    /**
     * The HTTP request for a path; the connection closes after the answer.
     *
     * @param pathAndQuery the path with its query
     * @return the request's bytes
     */
    public static byte[] request(String pathAndQuery) {
        String head = "GET " + pathAndQuery
                + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: bollard\r\nConnection: close\r\n\r\n";
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The failure for a Docker answer that is not 2xx, carrying Docker's message, as docker-java's would map.
     *
     * @param status Docker's status
     * @param body   Docker's answer (JSON with a {@code message}, or text)
     * @return the error to answer with
     */
    public static ApiException failure(int status, String body) {
        DockerException docker = switch (status) {
            case 400 -> new BadRequestException(body);
            case 401 -> new UnauthorizedException(body);
            case 404 -> new NotFoundException(body);
            case 409 -> new ConflictException(body);
            default -> new DockerException(body, status);
        };
        return DockerErrors.map(docker);
    }

    /**
     * Docker's status.
     *
     * @return the HTTP status code
     */
    public int status() {
        return head.status().code();
    }

    /**
     * Whether Docker answered 2xx.
     *
     * @return true for success
     */
    public boolean ok() {
        return status() >= 200 && status() < 300;
    }

    /**
     * Reads the (error) answer's body, up to {@link #MAX_ERROR_BYTES}, closes the connection and maps the answer.
     *
     * @return the error to answer with
     * @throws IOException when the body cannot be read
     */
    public ApiException failure() throws IOException {
        try (InputStream in = body()) {
            byte[] text = in.readNBytes(MAX_ERROR_BYTES);
            return failure(status(), new String(text, StandardCharsets.UTF_8).trim());
        }
    }

    /**
     * The answer's body; closing it closes the connection, whatever is left unread.
     *
     * @return the body, read from the socket as it is asked for
     */
    public InputStream body() {
        return new Body();
    }

    /**
     * Bytes read from the socket so far (head and body as Docker sent them).
     *
     * @return the count
     */
    public long received() {
        return received;
    }

    /** Closes the connection at once; a read in progress on another thread ends with an {@link IOException}. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to tell: the connection is being given up.
            }
        }
    }

    private void readHead() throws IOException {
        while (head == null) {
            Object message = decoder.readInbound();
            if (message == null) {
                if (!fill()) {
                    throw new IOException("Docker closed the connection before it answered");
                }
            } else if (message instanceof HttpResponse response) {
                if (response.decoderResult().isFailure()) {
                    throw new BadAnswerException("Docker's answer could not be read: "
                            + response.decoderResult().cause().getMessage());
                }
                head = response;
                if (message instanceof HttpContent piece) {
                    take(piece);
                }
            }
        }
    }

    /** Takes the next piece of the body; false once the body has ended. */
    private boolean next() throws IOException {
        while (!ended) {
            Object message = decoder.readInbound();
            if (message == null) {
                if (!fill()) {
                    // Decoding the connection's end: a body that runs to it ends here, a cut one fails.
                    decoder.finish();
                    if (decoder.inboundMessages().isEmpty()) {
                        throw new BadAnswerException("Docker closed the connection before the end of its answer");
                    }
                }
            } else if (message instanceof HttpContent piece) {
                take(piece);
                return true;
            }
        }
        return false;
    }

    private void take(HttpContent piece) throws IOException {
        if (piece.decoderResult().isFailure()) {
            throw new BadAnswerException("Docker's answer was cut short: "
                    + piece.decoderResult().cause().getMessage());
        }
        content = piece.content();
        if (piece instanceof LastHttpContent) {
            ended = true;
        }
    }

    /** Reads from the socket into the decoder; false at the connection's end. */
    private boolean fill() throws IOException {
        buffer.clear();
        int read = channel.read(buffer);
        if (read < 0) {
            return false;
        }
        received += read;
        buffer.flip();
        byte[] bytes = new byte[read];
        buffer.get(bytes);
        decoder.writeInbound(Unpooled.wrappedBuffer(bytes));
        return true;
    }

    /**
     * Docker answered, but not in readable HTTP, or its answer ended before its end: a 502 for the agent's client,
     * where an {@link IOException} that is not this one means Docker could not be reached.
     */
    public static final class BadAnswerException extends IOException {

        private static final long serialVersionUID = 1L;

        /**
         * @param message what was wrong
         */
        public BadAnswerException(String message) {
            super(message);
        }
    }

    /** The body as an input stream over the decoded pieces. */
    private final class Body extends InputStream {

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (closed.get()) {
                // Also when decoded bytes are left: a closed answer reads no more.
                throw new IOException("the answer was closed");
            }
            while (content == null || !content.isReadable()) {
                if (!next()) {
                    return -1;
                }
            }
            int n = Math.min(length, content.readableBytes());
            content.readBytes(into, offset, n);
            return n;
        }

        @Override
        public int available() {
            return content == null ? 0 : content.readableBytes();
        }

        @Override
        public void close() {
            DockerSocketGet.this.close();
        }
    }
}
