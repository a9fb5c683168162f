package com.backoffice.notify.mobile;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * mobile-push: FCM pushes to the admin app.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MobilePushApplication {

	public static void main(String[] args) {
		SpringApplication.run(MobilePushApplication.class, args);
	}

}
