package com.backoffice.notify.infrastructure.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Connects the annotated {@code @SpringBootTest} to real servers, started once per JVM
 * and shared by every test context that asks for them. The Kafka broker is always
 * spring-kafka-test's in-JVM KRaft broker; Redis and PostgreSQL come from Testcontainers
 * with {@code @ServiceConnection} when a Docker engine answers, else from the server
 * binaries that Maven artifacts ship. Set {@code notify.test.infrastructure} (system
 * property) or {@code NOTIFY_TEST_INFRASTRUCTURE} to {@code docker} or {@code embedded}
 * to choose yourself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RealInfrastructure {

	/**
	 * The servers the test needs.
	 * @return the servers
	 */
	Server[] value() default { Server.KAFKA };

}
