package com.backoffice.notify.infrastructure.test;

/**
 * A server a test can ask {@link RealInfrastructure} for.
 */
public enum Server {

	/** A Kafka broker in KRaft mode, always in this JVM. */
	KAFKA,

	/** A Redis server. */
	REDIS,

	/** A PostgreSQL server with the {@code notify} database. */
	POSTGRES

}
