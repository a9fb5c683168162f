package com.backoffice.notify.gateway.stream;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;

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
		return (server) -> Epoll.isAvailable() ? server.childOption(EpollChannelOption.TCP_USER_TIMEOUT, timeout)
				: server;
	}

}
