package io.bollard.agent.web;

import io.bollard.plugin.stream.ClientConnections;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import jakarta.inject.Singleton;
import reactor.core.publisher.Mono;

/**
 * Watches the Netty channel a request came on: its close future says when the client's connection is gone.
 * Requests that did not come straight over a socket (the edge tunnel's) never report a close here.
 */
@Singleton
public class NettyClientConnections implements ClientConnections {

    @Override
    public Mono<Void> closed(HttpRequest<?> request) {
        if (!(request instanceof NettyHttpRequest<?> netty)) {
            return Mono.never();
        }
        return Mono.create(sink -> {
            ChannelFuture closeFuture = netty.getChannelHandlerContext().channel().closeFuture();
            GenericFutureListener<Future<? super Void>> listener = done -> sink.success();
            closeFuture.addListener(listener);
            // A stream that ended first takes its listener off a kept-alive connection.
            sink.onDispose(() -> closeFuture.removeListener(listener));
        });
    }
}
