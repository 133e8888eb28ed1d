package io.bollard.plugins.containers.logs;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogLineAssemblerTest {

    private static Frame frame(StreamType type, String text) {
        return new Frame(type, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splitsLinesAndKeepsStreamsApart() {
        LogLineAssembler a = new LogLineAssembler(false);
        List<LogLine> out = new ArrayList<>(a.accept(frame(StreamType.STDOUT, "one\ntw")));
        out.addAll(a.accept(frame(StreamType.STDERR, "err\n")));
        out.addAll(a.accept(frame(StreamType.STDOUT, "o\n")));
        assertEquals(List.of(new LogLine("stdout", null, "one"), new LogLine("stderr", null, "err"),
                new LogLine("stdout", null, "two")), out);
    }

    @Test
    void multiByteCharacterSplitOverFramesSurvives() {
        byte[] bytes = "grüße\n".getBytes(StandardCharsets.UTF_8);
        LogLineAssembler a = new LogLineAssembler(false);
        // Split inside the two bytes of 'ü'.
        assertEquals(List.of(), a.accept(new Frame(StreamType.RAW, Arrays.copyOfRange(bytes, 0, 3))));
        assertEquals(List.of(new LogLine("stdout", null, "grüße")),
                a.accept(new Frame(StreamType.RAW, Arrays.copyOfRange(bytes, 3, bytes.length))));
    }

    @Test
    void invalidBytesBecomeReplacementCharacters() {
        LogLineAssembler a = new LogLineAssembler(false);
        List<LogLine> out = a.accept(new Frame(StreamType.STDOUT, new byte[]{'a', (byte) 0xff, 'b', '\n'}));
        assertEquals("a\uFFFDb", out.get(0).line());
    }

    @Test
    void timestampsAreSplitOffAndCarriageReturnsDropped() {
        LogLineAssembler a = new LogLineAssembler(true);
        List<LogLine> out = a.accept(frame(StreamType.STDOUT, "2026-11-23T16:31:00.922846513Z hello world\r\n"));
        assertEquals(new LogLine("stdout", "2026-11-23T16:31:00.922846513Z", "hello world"), out.get(0));
    }

    @Test
    void splitLongLineDropsTheRepeatedTimestamp() {
        LogLineAssembler a = new LogLineAssembler(true);
        assertEquals(List.of(), a.accept(frame(StreamType.STDOUT, "2026-11-23T16:31:00.1Z first half ")));
        List<LogLine> out = a.accept(frame(StreamType.STDOUT, "2026-11-23T16:31:00.2Z second half\n"));
        assertEquals(new LogLine("stdout", "2026-11-23T16:31:00.1Z", "first half second half"), out.get(0));
    }

    @Test
    void framesInPiecesDropOnlyTheTimestampAtAFramesStart() {
        // The socket reader passes frames in pieces; a piece in the middle of a frame is never a repeated stamp,
        // even when its text looks like one.
        LogLineAssembler a = new LogLineAssembler(true);
        List<LogLine> out = new ArrayList<>();
        byte[] first = "2026-11-23T16:31:00.1Z see 2026-11-23T16:31:00.5Z as text, ".getBytes(StandardCharsets.UTF_8);
        a.frameStarts(StreamType.STDOUT);
        a.accept(StreamType.STDOUT, first, 0, 27, out);
        a.accept(StreamType.STDOUT, first, 27, first.length - 27, out);
        byte[] second = "2026-11-23T16:31:00.2Z then the end\n".getBytes(StandardCharsets.UTF_8);
        a.frameStarts(StreamType.STDOUT);
        a.accept(StreamType.STDOUT, second, 0, 30, out);
        a.accept(StreamType.STDOUT, second, 30, second.length - 30, out);
        assertEquals(List.of(new LogLine("stdout", "2026-11-23T16:31:00.1Z",
                "see 2026-11-23T16:31:00.5Z as text, then the end")), out);
    }

    @Test
    void unfinishedLinesComeOutAtTheEnd() {
        LogLineAssembler a = new LogLineAssembler(false);
        a.accept(frame(StreamType.STDOUT, "no newline"));
        a.accept(frame(StreamType.STDERR, "nor here"));
        assertEquals(List.of(new LogLine("stdout", null, "no newline"), new LogLine("stderr", null, "nor here")),
                a.finish());
        assertEquals(List.of(), a.finish());
    }

    @Test
    void endlessLineIsCut() {
        LogLineAssembler a = new LogLineAssembler(false);
        byte[] big = new byte[LogLineAssembler.MAX_LINE_BYTES + 10];
        Arrays.fill(big, (byte) 'x');
        List<LogLine> out = a.accept(new Frame(StreamType.STDOUT, big));
        assertEquals(1, out.size());
        assertEquals(LogLineAssembler.MAX_LINE_BYTES, out.get(0).line().length());
        assertEquals(10, a.finish().get(0).line().length());
    }

    @Test
    void endlessLineOverSeveralFramesIsCutAtTheSameLength() {
        LogLineAssembler a = new LogLineAssembler(false);
        byte[] most = new byte[LogLineAssembler.MAX_LINE_BYTES - 5];
        Arrays.fill(most, (byte) 'x');
        assertEquals(List.of(), a.accept(new Frame(StreamType.STDOUT, most)));
        List<LogLine> out = a.accept(new Frame(StreamType.STDOUT, "yyyyyyyyyy".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, out.size());
        assertEquals(LogLineAssembler.MAX_LINE_BYTES, out.get(0).line().length());
        assertTrue(out.get(0).line().endsWith("xyyyyy"));
        assertEquals("yyyyy", a.finish().get(0).line());
    }

    @Test
    void lineWithoutTimestampKeepsNullTime() {
        LogLineAssembler a = new LogLineAssembler(true);
        assertNull(a.accept(frame(StreamType.STDOUT, "plain\n")).get(0).time());
    }
}
