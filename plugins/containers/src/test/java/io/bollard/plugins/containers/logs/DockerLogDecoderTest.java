package io.bollard.plugins.containers.logs;

import com.github.dockerjava.api.model.StreamType;
import io.bollard.plugin.docker.DockerSocketGet;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerLogDecoderTest {

    private static final String OK_CHUNKED = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nTransfer-Encoding: chunked\r\n\r\n";

    /** Lines as the decoder and the assembler make them, with the body fed in reads of the given sizes. */
    private static List<LogLine> decode(byte[] answer, int... readSizes) {
        return decode(false, answer, readSizes);
    }

    private static List<LogLine> decode(boolean timestamped, byte[] answer, int... readSizes) {
        LogLineAssembler assembler = new LogLineAssembler(timestamped);
        List<LogLine> out = new ArrayList<>();
        DockerLogDecoder decoder = new DockerLogDecoder((stream, frameStart, data, offset, length) -> {
            if (frameStart) {
                assembler.frameStarts(stream);
            }
            assembler.accept(stream, data, offset, length, out);
        });
        int at = 0;
        for (int i = 0; at < answer.length; i++) {
            int n = Math.min(readSizes[i % readSizes.length], answer.length - at);
            decoder.decode(ByteBuffer.wrap(answer, at, n).slice());
            at += n;
        }
        assertTrue(decoder.finished(), "the answer's last chunk ends it");
        out.addAll(assembler.finish());
        return out;
    }

    private static byte[] frame(int stream, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + payload.length).put((byte) stream).put(new byte[3]).putInt(payload.length)
                .put(payload).array();
    }

    /** Docker's way: one chunk a frame. */
    private static byte[] chunked(byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(OK_CHUNKED.getBytes(StandardCharsets.US_ASCII));
        for (byte[] c : chunks) {
            out.writeBytes((Integer.toHexString(c.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(c);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void framesInChunksBecomeLinesPerStreamWhateverTheReadSizes() {
        byte[] answer = chunked(frame(1, "one\n"), frame(2, "err\n"), frame(1, "gr\u00fc\u00dfe\n"), frame(1, "no end"));
        List<LogLine> expected = List.of(new LogLine("stdout", null, "one"), new LogLine("stderr", null, "err"),
                new LogLine("stdout", null, "gr\u00fc\u00dfe"), new LogLine("stdout", null, "no end"));
        assertEquals(expected, decode(answer, 65536));
        assertEquals(expected, decode(answer, 1));
        assertEquals(expected, decode(answer, 3, 7, 2, 11));
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            assertEquals(expected, decode(answer, 1 + random.nextInt(20), 1 + random.nextInt(40)));
        }
    }

    @Test
    void aFrameSpreadOverChunksIsJoined() {
        // Docker may cut a frame anywhere when it flushes; only the frame header says where frames end.
        byte[] f = frame(1, "split across chunks\n");
        byte[] a = Arrays.copyOfRange(f, 0, 5);
        byte[] b = Arrays.copyOfRange(f, 5, 14);
        byte[] c = Arrays.copyOfRange(f, 14, f.length);
        assertEquals(List.of(new LogLine("stdout", null, "split across chunks")), decode(chunked(a, b, c), 4));
    }

    @Test
    void aLongLinesRepeatedTimestampIsDroppedWhereverReadsCutIt() {
        // Docker cuts lines over 16 KiB into frames that each start with the line's timestamp.
        byte[] answer = chunked(frame(1, "2026-11-23T16:31:00.123456789Z first part, "),
                frame(1, "2026-11-23T16:31:00.123456789Z second part\n"));
        List<LogLine> expected = List.of(new LogLine("stdout", "2026-11-23T16:31:00.123456789Z",
                "first part, second part"));
        for (int size = 1; size < 70; size++) {
            assertEquals(expected, decode(true, answer, size), "reads of " + size + " bytes");
        }
    }

    @Test
    void emptyFramesAreSkipped() {
        byte[] answer = chunked(frame(1, "a\n"), frame(1, ""), frame(2, ""), frame(1, "b\n"));
        List<LogLine> expected = List.of(new LogLine("stdout", null, "a"), new LogLine("stdout", null, "b"));
        assertEquals(expected, decode(answer, 1));
        assertEquals(expected, decode(answer, 4096));
    }

    @Test
    void anAnswerCutOffBeforeItsLastChunkShowsAsUnfinished() {
        byte[] answer = chunked(frame(1, "one\n"), frame(1, "two\n"));
        DockerLogDecoder decoder = new DockerLogDecoder((s, start, d, o, l) -> { });
        decoder.decode(ByteBuffer.wrap(answer, 0, answer.length - 5).slice());
        assertTrue(decoder.delimited(), "a chunked body says where it ends");
        assertFalse(decoder.finished(), "so a connection that ends here ended early");
        DockerLogDecoder whole = new DockerLogDecoder((s, start, d, o, l) -> { });
        whole.decode(ByteBuffer.wrap(answer));
        assertTrue(whole.finished());
    }

    @Test
    void aTtyLogIsReadRaw() {
        byte[] answer = chunked("tty line\r\nsecond".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new LogLine("stdout", null, "tty line"), new LogLine("stdout", null, "second")),
                decode(answer, 5));
    }

    @Test
    void aBodyWithALengthEndsThere() {
        byte[] body = frame(1, "x\n");
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] answer = ByteBuffer.allocate(head.length + body.length).put(head).put(body).array();
        assertEquals(List.of(new LogLine("stdout", null, "x")), decode(answer, 3));
    }

    @Test
    void chunkExtensionsAndTrailersAreSkipped() {
        byte[] f = frame(2, "warn\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(OK_CHUNKED.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes((Integer.toHexString(f.length) + ";name=value\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(f);
        out.writeBytes("\r\n0\r\nX-Trailer: yes\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(new LogLine("stderr", null, "warn")), decode(out.toByteArray(), 6));
    }

    @Test
    void anErrorAnswerKeepsItsStatusAndBody() {
        String json = "{\"message\":\"No such container: abc\"}";
        byte[] answer = ("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: " + json.length()
                + "\r\n\r\n" + json).getBytes(StandardCharsets.US_ASCII);
        List<LogLine> lines = new ArrayList<>();
        DockerLogDecoder decoder = new DockerLogDecoder((s, start, d, o, l) -> lines.add(new LogLine("?", null, "?")));
        decoder.decode(ByteBuffer.wrap(answer));
        assertTrue(decoder.finished());
        assertEquals(404, decoder.status());
        assertEquals(json, decoder.errorBody());
        assertEquals(List.of(), lines, "an error's body is not log");
        var failure = DockerSocketGet.failure(decoder.status(), decoder.errorBody());
        assertEquals(404, failure.status().getCode());
        assertEquals("No such container: abc", failure.getMessage());
    }

    @Test
    void anUnfinishedAnswerIsNotFinished() {
        byte[] answer = chunked(frame(1, "one\n"));
        DockerLogDecoder decoder = new DockerLogDecoder((s, start, d, o, l) -> { });
        decoder.decode(ByteBuffer.wrap(answer, 0, answer.length - 10).slice());
        assertTrue(decoder.headRead());
        assertFalse(decoder.finished());
    }

    @Test
    void somethingElseThanHttpIsRefused() {
        DockerLogDecoder decoder = new DockerLogDecoder((s, start, d, o, l) -> { });
        assertThrows(DockerLogDecoder.DecodingException.class,
                () -> decoder.decode(ByteBuffer.wrap("SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.US_ASCII))));
        DockerLogDecoder badChunk = new DockerLogDecoder((s, start, d, o, l) -> { });
        assertThrows(DockerLogDecoder.DecodingException.class, () -> badChunk.decode(ByteBuffer.wrap(
                (OK_CHUNKED + "zz\r\n").getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void theRequestAsksForWhatTheQuerySays() {
        LogQuery query = new LogQuery(10, 1700000000, null, false, true, true, false);
        String request = new String(DockerSocketGet.request(SocketLogReader.path("abc", query, true)),
                StandardCharsets.US_ASCII);
        assertEquals("GET /containers/abc/logs?stdout=true&stderr=false&timestamps=true&follow=true&tail=10"
                + "&since=1700000000 HTTP/1.1\r\nHost: docker\r\nUser-Agent: bollard\r\nConnection: close\r\n\r\n",
                request);
    }
}
