package com.backoffice.notify.router.routing;

import java.time.Instant;
import java.util.List;

import com.backoffice.notify.support.RejectedEventException;

/**
 * Part of a bulk request's audience, written to {@code notification.fanout.v1} by
 * {@code route} and dispatched by {@code expand}.
 *
 * @param eventId the request's {@code ce_id}
 * @param source the request's {@code ce_source}
 * @param acceptedAt when the router accepted the request: every notification of it is
 * created at this time
 * @param request the request
 * @param recipients the admins of this chunk
 */
record FanoutChunk(String eventId, String source, Instant acceptedAt, NotificationRequested request,
		List<String> recipients) {

	FanoutChunk {
		if (eventId == null || source == null || acceptedAt == null || request == null || recipients == null) {
			throw new RejectedEventException("fan-out chunk is incomplete");
		}
	}

}
