package com.backoffice.notify.store;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * notification-store: every admin's timeline in PostgreSQL.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StoreApplication {

	public static void main(String[] args) {
		SpringApplication.run(StoreApplication.class, args);
	}

}
