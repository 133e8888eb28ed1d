package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bollard.agent.tls.Certificates;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the management server in edge mode tests: a real WebSocket server (Netty, TLS with a given
 * certificate, or plain) that accepts agents at {@code /edge}, records what they send, answers heartbeats (unless
 * told not to), and sends request and cancel envelopes. It can be killed abruptly and started again on its port.
 */
final class EdgeTestServer implements AutoCloseable {

    static final String PATH = "/edge";

    private final int port;
    private final SslContext ssl;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
    private final List<Connection> all = new CopyOnWriteArrayList<>();
    private final AtomicInteger tlsFailures = new AtomicInteger();
    private final AtomicInteger tcpConnections = new AtomicInteger();
    private volatile boolean answerHeartbeats = true;
    private volatile Channel listener;

    /**
     * @param port        the port to listen on (127.0.0.1)
     * @param certificate the certificate and key to serve, or null for plain ws://
     */
    EdgeTestServer(int port, Certificates.Issued certificate) throws Exception {
        this.port = port;
        this.ssl = certificate == null ? null : SslContextBuilder.forServer(certificate.key(),
                certificate.chain().toArray(new X509Certificate[0])).build();
    }

    /**
     * Starts listening (again). Right after a kill the port may still be held for a moment (the JDK releases a
     * closed channel's socket when its selector next wakes), so binding is retried for a few seconds.
     */
    EdgeTestServer start() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                bind();
                return this;
            } catch (Exception e) {
                if (!(e instanceof java.net.BindException) || System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private void bind() throws InterruptedException {
        listener = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.SO_LINGER, 0)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        tcpConnections.incrementAndGet();
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast(ssl.newHandler(ch.alloc()));
                            p.addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
                                @Override
                                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                                    if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
                                        tlsFailures.incrementAndGet();
                                    }
                                    super.userEventTriggered(ctx, evt);
                                }
                            });
                        }
                        p.addLast(new HttpServerCodec());
                        p.addLast(new HttpObjectAggregator(1 << 16));
                        p.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                .websocketPath(PATH).maxFramePayloadLength(64 << 20)
                                // Killing the server must look like a crash: no close frame on the way out.
                                .sendCloseFrame(null).build()));
                        p.addLast(new WebSocketFrameAggregator(64 << 20));
                        p.addLast(new Connection());
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        channels.add(listener);
    }

    /** Drops everything at once, as a crashed server or a cut cable would: no close frames. */
    void kill() throws InterruptedException {
        Channel l = listener;
        if (l != null) {
            l.close().sync();
        }
        channels.close().awaitUninterruptibly();
    }

    /** Whether connections get an answer to their heartbeats. */
    void answerHeartbeats(boolean answer) {
        this.answerHeartbeats = answer;
    }

    /** The next agent connection that opens (or opened and was not taken yet). */
    Connection awaitConnection(Duration timeout) throws InterruptedException {
        Connection c = accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new AssertionError("no agent connected within " + timeout);
        }
        return c;
    }

    /** @return every WebSocket connection agents opened */
    List<Connection> connections() {
        return all;
    }

    /** @return TLS handshakes that failed (a client that did not trust the certificate) */
    int tlsFailures() {
        return tlsFailures.get();
    }

    /** @return TCP connections accepted */
    int tcpConnections() {
        return tcpConnections.get();
    }

    @Override
    public void close() throws InterruptedException {
        if (boss.isShuttingDown()) {
            return;
        }
        kill();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** One agent's WebSocket connection. */
    final class Connection extends SimpleChannelInboundHandler<TextWebSocketFrame> {

        private final CompletableFuture<JsonNode> hello = new CompletableFuture<>();
        private final Map<String, Exchange> exchanges = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final AtomicInteger heartbeats = new AtomicInteger();
        private final AtomicInteger received = new AtomicInteger();
        private final CompletableFuture<Void> closed = new CompletableFuture<>();
        private volatile io.netty.handler.codec.http.HttpHeaders handshakeHeaders;
        private volatile Channel channel;
        private volatile long openedNanos;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete done) {
                handshakeHeaders = done.requestHeaders();
                channel = ctx.channel();
                openedNanos = System.nanoTime();
                all.add(this);
                accepted.add(this);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            closed.complete(null);
            exchanges.values().forEach(e -> e.closed.complete(null));
            super.channelInactive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
            received.incrementAndGet();
            JsonNode envelope = RunningAgent.JSON.readTree(frame.text());
            switch (envelope.path("type").asText()) {
                case "hello" -> hello.complete(envelope);
                case "heartbeat" -> {
                    heartbeats.incrementAndGet();
                    if (answerHeartbeats) {
                        ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"heartbeat\"}"));
                    }
                }
                case "response", "chunk", "end" -> {
                    Exchange e = exchanges.get(envelope.path("request_id").asText());
                    if (e == null) {
                        throw new IllegalStateException("envelope for an unknown request: " + envelope);
                    }
                    e.receive(envelope);
                }
                default -> throw new IllegalStateException("unknown envelope " + envelope);
            }
        }

        /** @return the Authorization header of the WebSocket handshake */
        String authorization() {
            return handshakeHeaders.get("Authorization");
        }

        JsonNode hello(Duration timeout) throws Exception {
            return hello.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        int heartbeats() {
            return heartbeats.get();
        }

        int received() {
            return received.get();
        }

        long openedNanos() {
            return openedNanos;
        }

        CompletableFuture<Void> closed() {
            return closed;
        }

        /**
         * Sends a request envelope.
         *
         * @param method  the method
         * @param path    the path
         * @param query   the query (text or map), or null
         * @param headers the headers
         * @param body    the body, or null
         * @return the exchange that collects the answer
         */
        Exchange request(String method, String path, Object query, Map<String, String> headers, byte[] body) {
            String id = "r" + ids.incrementAndGet();
            ObjectNode n = RunningAgent.JSON.createObjectNode();
            n.put("type", "request");
            n.put("request_id", id);
            n.put("method", method);
            n.put("path", path);
            if (query != null) {
                n.set("query", RunningAgent.JSON.valueToTree(query));
            }
            n.set("headers", RunningAgent.JSON.valueToTree(headers));
            if (body != null) {
                n.put("body", Base64.getEncoder().encodeToString(body));
            }
            Exchange e = new Exchange(id);
            exchanges.put(id, e);
            channel.writeAndFlush(new TextWebSocketFrame(n.toString()));
            return e;
        }

        void cancel(String requestId) {
            channel.writeAndFlush(new TextWebSocketFrame("{\"type\":\"cancel\",\"request_id\":\"" + requestId + "\"}"));
        }

        void send(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
        }
    }

    /** The answer to one request, as it arrives. */
    static final class Exchange {
        final String id;
        final CompletableFuture<JsonNode> response = new CompletableFuture<>();
        final CompletableFuture<JsonNode> end = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        final BlockingQueue<String> chunks = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        final AtomicInteger envelopesAfterEnd = new AtomicInteger();

        Exchange(String id) {
            this.id = id;
        }

        private synchronized void receive(JsonNode envelope) {
            if (end.isDone() || (response.isDone() && !response.join().path("stream").asBoolean())) {
                envelopesAfterEnd.incrementAndGet();
            }
            switch (envelope.path("type").asText()) {
                case "response" -> response.complete(envelope);
                case "chunk" -> {
                    byte[] data = Base64.getDecoder().decode(envelope.path("data").asText());
                    streamed.writeBytes(data);
                    chunks.add(new String(data, StandardCharsets.UTF_8));
                }
                default -> end.complete(envelope);
            }
        }

        /** Waits for the whole (not streamed) answer. */
        JsonNode awaitResponse(Duration timeout) throws Exception {
            return response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** The body: the whole answer's, or a stream's chunks once it ended. */
        String awaitBody(Duration timeout) throws Exception {
            JsonNode r = awaitResponse(timeout);
            if (r.path("stream").asBoolean()) {
                end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                synchronized (this) {
                    return streamed.toString(StandardCharsets.UTF_8);
                }
            }
            return new String(Base64.getDecoder().decode(r.path("body").asText()), StandardCharsets.UTF_8);
        }

        int status(Duration timeout) throws Exception {
            return awaitResponse(timeout).path("status").asInt();
        }
    }
}
