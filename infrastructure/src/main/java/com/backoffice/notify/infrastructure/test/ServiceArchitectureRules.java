package com.backoffice.notify.infrastructure.test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.boot.context.properties.ConfigurationProperties;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The boundaries every service keeps, checked rather than remembered. A service includes
 * them with
 * {@code @ArchTest static final ArchTests rules = ArchTests.in(ServiceArchitectureRules.class);}
 * in a test class analysing its own packages.
 */
public final class ServiceArchitectureRules {

	/** Feature packages may use each other, but never in a circle. */
	@ArchTest
	public static final ArchRule featuresAreFreeOfCycles = slices().matching("com.backoffice.notify.*.(*)..")
		.should()
		.beFreeOfCycles();

	/** Event records belong to the feature that reads or writes them. */
	@ArchTest
	public static final ArchRule eventRecordsArePrivateToTheirFeature = classes().that()
		.areAssignableTo(Record.class)
		.and()
		.areNotAnnotatedWith(ConfigurationProperties.class)
		.and(DescribedPredicate.not(partOfSettings()))
		.should()
		.notBePublic()
		.because("each service owns its own event records; the contracts, not a shared class, keep them compatible");

	/**
	 * Events leave through Spring Cloud Stream bindings, with their DLQ, keys and
	 * observation: no service builds a Kafka template or producer factory, or sends
	 * through one. Flushing a binding's own producer, to know its sends have reached the
	 * broker, is allowed.
	 */
	@ArchTest
	public static final ArchRule publishesThroughBindingsOnly = noClasses().should()
		.callConstructorWhere(target(owner(resideInAPackage("org.springframework.kafka.core.."))))
		.orShould()
		.callMethodWhere(
				target(owner(resideInAPackage("org.springframework.kafka.core.."))).and(target(DescribedPredicate
					.describe("a method other than flush", (method) -> !method.getName().equals("flush")))))
		.because("events are published through Spring Cloud Stream bindings, not a hand-made KafkaTemplate");

	private ServiceArchitectureRules() {
	}

	/** A settings record's nested group, such as one rule of many. */
	private static DescribedPredicate<JavaClass> partOfSettings() {
		return DescribedPredicate.describe("nested in @ConfigurationProperties",
				(type) -> type.getEnclosingClass()
					.map((settings) -> settings.isAnnotatedWith(ConfigurationProperties.class))
					.orElse(false));
	}

}
