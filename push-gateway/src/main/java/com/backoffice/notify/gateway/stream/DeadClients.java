package com.backoffice.notify.gateway.stream;

import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Finds a client that vanished without closing its connection (a cable pulled, a laptop
 * closed): when data written to it (a heartbeat at the latest) stays unacknowledged for
 * two heartbeats, the kernel closes the connection ({@code TCP_USER_TIMEOUT}, Linux epoll
 * transport). A client that closes its socket is noticed at once.
 */
@Configuration(proxyBeanMethods = false)
class DeadClients {

	@Bean
	NettyServerCustomizer unacknowledgedWriteTimeout(StreamProperties properties) {
		int timeout = (int) properties.heartbeat().multipliedBy(2).toMillis();
		return (server) -> {
			// a reconnect storm (a replica gone, a network blip) arrives at once: room
			// for it in the accept queue
			HttpServer configured = server.option(ChannelOption.SO_BACKLOG, 4096);
			return Epoll.isAvailable() ? configured.childOption(EpollChannelOption.TCP_USER_TIMEOUT, timeout)
					: configured;
		};
	}

}
