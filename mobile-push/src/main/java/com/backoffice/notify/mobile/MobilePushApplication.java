package com.backoffice.notify.mobile;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * mobile-push: FCM pushes to the admin app.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class MobilePushApplication {

	public static void main(String[] args) {
		SpringApplication.run(MobilePushApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
