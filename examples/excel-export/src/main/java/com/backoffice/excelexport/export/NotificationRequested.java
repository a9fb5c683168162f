package com.backoffice.excelexport.export;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A notification request, as {@code notification.requested.v1} wants it (the platform's
 * contracts and AsyncAPI document). This service's own record: the contract keeps it
 * compatible, not a shared jar.
 *
 * @param type what happened, dotted lower-case
 * @param priority LOW, NORMAL, HIGH or URGENT
 * @param audience who should know
 * @param title the title, plain text
 * @param body the body, plain text
 * @param link where the console's click leads
 * @param data small, free-form, string values
 * @param channels WEB and/or MOBILE
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record NotificationRequested(String type, String priority, Audience audience, String title, String body, String link,
		Map<String, String> data, List<String> channels) {

	/**
	 * The admins to reach: one, a mall's, a partner's, or everyone.
	 *
	 * @param adminIds admins by id
	 */
	record Audience(List<String> adminIds) {

	}

}
