/**
 * One shared test setup: {@link RealInfrastructure @RealInfrastructure} gives a test
 * context a real Kafka broker, Redis and PostgreSQL, started once per JVM, from
 * Testcontainers when a Docker engine answers and from Maven-delivered binaries when none
 * does.
 */
package com.backoffice.notify.infrastructure.test;
