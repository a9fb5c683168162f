package com.backoffice.notify.infrastructure.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.cloud.contract.stubrunner.spring.AutoConfigureStubRunner;
import org.springframework.cloud.contract.stubrunner.spring.StubRunnerProperties;
import org.springframework.context.annotation.Import;

/**
 * Gives a test the stubs of every contract in the {@code contracts} stubs jar (a test
 * dependency with classifier {@code stubs}), published on the real Kafka broker by
 * {@code StubTrigger.trigger(label)}, and a receiver for what the service publishes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@AutoConfigureStubRunner(ids = "com.backoffice.notify:contracts:+:stubs",
		stubsMode = StubRunnerProperties.StubsMode.CLASSPATH)
@Import(KafkaContractMessaging.class)
public @interface KafkaContractStubs {

}
