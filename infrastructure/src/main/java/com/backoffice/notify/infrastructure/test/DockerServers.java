package com.backoffice.notify.infrastructure.test;

import com.backoffice.notify.infrastructure.PostgresProcess;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;

/**
 * Containers for {@link InfrastructureMode#DOCKER}: one of each per JVM, handed to Spring
 * Boot with {@code @ServiceConnection}.
 */
final class DockerServers {

	private static PostgreSQLContainer postgres;

	private static GenericContainer<?> redis;

	private DockerServers() {
	}

	static synchronized PostgreSQLContainer postgres() {
		if (postgres == null) {
			postgres = new PostgreSQLContainer("postgres:17-alpine").withDatabaseName(PostgresProcess.DATABASE);
			postgres.start();
		}
		return postgres;
	}

	static synchronized GenericContainer<?> redis() {
		if (redis == null) {
			redis = new GenericContainer<>("redis:7.4-alpine").withExposedPorts(6379);
			redis.start();
		}
		return redis;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Postgres {

		@Bean
		@ServiceConnection
		PostgreSQLContainer postgresContainer() {
			return postgres();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Redis {

		@Bean
		@ServiceConnection(name = "redis")
		GenericContainer<?> redisContainer() {
			return redis();
		}

	}

}
