package com.backoffice.excelexport;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An example domain service: it runs Excel exports for admins, and tells an admin when
 * theirs is ready through the notification platform.
 */
@SpringBootApplication
public class ExcelExportApplication {

	public static void main(String[] args) {
		SpringApplication.run(ExcelExportApplication.class, args);
	}

}
