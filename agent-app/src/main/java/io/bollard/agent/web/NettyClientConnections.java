package io.bollard.agent.web;

import io.bollard.plugin.stream.ClientConnections;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import jakarta.inject.Singleton;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jdk.net.ExtendedSocketOptions;

/**
 * Watches the Netty channel a request came on (its close future says when the client's connection is gone) and
 * the agent's stop. Requests that did not come straight over a socket (the edge tunnel's) end at the stop only.
 */
@Singleton
public class NettyClientConnections implements ClientConnections, ApplicationEventListener<ShutdownEvent> {

    /** The name of the handler Micronaut's server keeps its idle timeout in. */
    private static final String IDLE_STATE = ChannelPipelineCustomizer.HANDLER_IDLE_STATE;

    private final Sinks.Empty<Void> stopping = Sinks.empty();

    @Override
    public Mono<Void> closed(HttpRequest<?> request) {
        if (!(request instanceof NettyHttpRequest<?> netty)) {
            return stopping();
        }
        Mono<Void> channelClosed = Mono.create(sink -> {
            ChannelFuture closeFuture = netty.getChannelHandlerContext().channel().closeFuture();
            GenericFutureListener<Future<? super Void>> listener = done -> sink.success();
            closeFuture.addListener(listener);
            // A stream that ended first takes its listener off a kept-alive connection.
            sink.onDispose(() -> closeFuture.removeListener(listener));
        });
        return Mono.firstWithSignal(channelClosed, stopping());
    }

    @Override
    public Runnable keepOpenWhileQuiet(HttpRequest<?> request) {
        if (!(request instanceof NettyHttpRequest<?> netty)) {
            return () -> { };
        }
        Channel channel = netty.getChannelHandlerContext().channel();
        AtomicReference<Runnable> restore = new AtomicReference<>(() -> { });
        channel.eventLoop().execute(() -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (!(pipeline.get(IDLE_STATE) instanceof IdleStateHandler idle)) {
                return; // none, or another stream on this connection took it off already
            }
            List<String> names = pipeline.names();
            int at = names.indexOf(IDLE_STATE);
            String next = at + 1 < names.size() ? names.get(at + 1) : null;
            pipeline.remove(IDLE_STATE);
            probeForDeadPeers(channel);
            restore.set(() -> {
                if (channel.isActive() && pipeline.get(IDLE_STATE) == null) {
                    IdleStateHandler again = new IdleStateHandler(idle.getReaderIdleTimeInMillis(),
                            idle.getWriterIdleTimeInMillis(), idle.getAllIdleTimeInMillis(), TimeUnit.MILLISECONDS);
                    if (next != null && pipeline.get(next) != null) {
                        pipeline.addBefore(next, IDLE_STATE, again);
                    } else {
                        pipeline.addLast(IDLE_STATE, again);
                    }
                }
            });
        });
        return () -> channel.eventLoop().execute(() -> restore.get().run());
    }

    /**
     * Switches TCP keep-alive on for a connection that has lost its idle timeout: a client gone without a word (its
     * host or network down) is then found within about two minutes instead of never, for a quiet stream.
     */
    private static void probeForDeadPeers(Channel channel) {
        if (channel instanceof NioSocketChannel) {
            channel.config().setOption(ChannelOption.SO_KEEPALIVE, true);
            channel.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), 60);
            channel.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), 20);
            channel.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), 3);
        }
    }

    @Override
    public void closeFrameOnServerClose(HttpRequest<?> handshake) {
        if (handshake instanceof NettyHttpRequest<?> netty) {
            Channel channel = netty.getChannelHandlerContext().channel();
            channel.eventLoop().execute(() -> {
                if (channel.isActive() && channel.pipeline().get(GoingAway.NAME) == null) {
                    channel.pipeline().addLast(GoingAway.NAME, new GoingAway());
                }
            });
        }
    }

    /**
     * Sends a close frame before a close of the socket's connection that comes from the channel (the server's
     * stop closes every socket's channel), unless one went out already. Closes that Micronaut's own WebSocket
     * handler makes go out after its close frame and past this handler.
     */
    static final class GoingAway extends ChannelOutboundHandlerAdapter {
        static final String NAME = "bollard-going-away";
        private boolean closeFrameSent;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof CloseWebSocketFrame) {
                closeFrameSent = true;
            }
            ctx.write(msg, promise);
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            if (closeFrameSent || !ctx.channel().isActive()) {
                ctx.close(promise);
                return;
            }
            closeFrameSent = true;
            CloseWebSocketFrame goingAway = new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE,
                    "the agent is stopping");
            ctx.writeAndFlush(goingAway).addListener(written -> ctx.close(promise));
        }
    }

    @Override
    public Mono<Void> stopping() {
        return stopping.asMono();
    }

    /**
     * Ends every stream that watches the stop, at the start of the agent's shutdown: while the server still has
     * their connections and the context still runs (a stream that ends once beans are being destroyed has its
     * connection cut instead of finished).
     *
     * @param event the shutdown
     */
    @Override
    public void onApplicationEvent(ShutdownEvent event) {
        stopping.tryEmitEmpty();
    }
}
