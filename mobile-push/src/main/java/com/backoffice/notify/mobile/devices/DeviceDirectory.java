package com.backoffice.notify.mobile.devices;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry of the admin app's FCM registration tokens: one row per token, owned by
 * one admin at a time.
 */
@Component
public class DeviceDirectory {

	private static final Logger logger = LoggerFactory.getLogger(DeviceDirectory.class);

	private final JdbcClient jdbc;

	private final DevicesProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	DeviceDirectory(JdbcClient jdbc, DevicesProperties properties, Clock clock, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Returns the tokens of each admin that has any.
	 * @param adminIds the admins
	 * @return their tokens, by admin
	 */
	public Map<String, List<String>> tokensOf(Collection<String> adminIds) {
		Map<String, List<String>> tokens = new LinkedHashMap<>();
		if (adminIds.isEmpty()) {
			return tokens;
		}
		this.jdbc.sql("SELECT admin_id, token FROM device WHERE admin_id = ANY (?)")
			.param(adminIds.toArray(String[]::new))
			.query((row, number) -> tokens.computeIfAbsent(row.getString(1), (admin) -> new ArrayList<>())
				.add(row.getString(2)))
			.list();
		return tokens;
	}

	/**
	 * Forgets a token FCM says is of no use any more.
	 * @param token the token
	 * @param reason why, for the {@code notify.mobile.tokens.removed} metric
	 */
	public void remove(String token, String reason) {
		int removed = this.jdbc.sql("DELETE FROM device WHERE token = ?").param(token).update();
		if (removed > 0) {
			removed(reason, removed);
			logger.info("Removed a device token FCM called {}: {}", reason, abbreviated(token));
		}
	}

	/**
	 * Registers a device to an admin, or refreshes it, in one statement that also tells
	 * who held the token before; then forgets the admin's devices beyond
	 * {@code max-per-admin}, least recently seen first.
	 */
	@Transactional
	Registered register(String adminId, String token, Device.Platform platform, String appVersion, String locale) {
		Registered registered = this.jdbc
			.sql("""
					WITH previous AS (SELECT admin_id FROM device WHERE token = :token)
					INSERT INTO device (token, admin_id, platform, app_version, locale, created_at, last_seen_at)
					VALUES (:token, :admin, :platform, :version, :locale, :now, :now)
					ON CONFLICT (token) DO UPDATE SET
					    created_at = CASE WHEN device.admin_id = excluded.admin_id THEN device.created_at ELSE excluded.created_at END,
					    admin_id = excluded.admin_id, platform = excluded.platform, app_version = excluded.app_version,
					    locale = excluded.locale, last_seen_at = excluded.last_seen_at
					RETURNING token, platform, app_version, locale, created_at, last_seen_at,
					          (SELECT admin_id FROM previous) AS previous_owner
					""")
			.param("token", token)
			.param("admin", adminId)
			.param("platform", platform.name())
			.param("version", appVersion)
			.param("locale", locale)
			.param("now", Timestamp.from(this.clock.instant()))
			.query((row, number) -> new Registered(device(row), row.getString("previous_owner")))
			.single();
		if (registered.previousOwner() != null && registered.newTo(adminId)) {
			logger.info("Device {} moved from admin {} to {}", abbreviated(token), registered.previousOwner(), adminId);
		}
		int evicted = this.jdbc.sql("""
				DELETE FROM device WHERE token IN (
				    SELECT token FROM device WHERE admin_id = ? ORDER BY last_seen_at DESC, created_at DESC OFFSET ?)
				""").params(adminId, this.properties.maxPerAdmin()).update();
		if (evicted > 0) {
			removed("evicted", evicted);
		}
		return registered;
	}

	List<Device> devicesOf(String adminId) {
		return this.jdbc.sql("""
				SELECT token, platform, app_version, locale, created_at, last_seen_at FROM device
				WHERE admin_id = ? ORDER BY last_seen_at DESC
				""").param(adminId).query((row, number) -> device(row)).list();
	}

	boolean unregister(String adminId, String token) {
		return this.jdbc.sql("DELETE FROM device WHERE token = ? AND admin_id = ?").params(token, adminId).update() > 0;
	}

	int pruneStale() {
		Instant cutoff = this.clock.instant().minus(this.properties.staleAfter());
		int pruned = this.jdbc.sql("DELETE FROM device WHERE last_seen_at < ?").param(Timestamp.from(cutoff)).update();
		if (pruned > 0) {
			removed("stale", pruned);
			logger.info("Forgot {} devices not seen since {}", pruned, cutoff);
		}
		return pruned;
	}

	private void removed(String reason, int count) {
		this.meters.counter("notify.mobile.tokens.removed", "reason", reason).increment(count);
	}

	private static Device device(ResultSet row) throws SQLException {
		return new Device(row.getString("token"), Device.Platform.valueOf(row.getString("platform")),
				row.getString("app_version"), row.getString("locale"), row.getTimestamp("created_at").toInstant(),
				row.getTimestamp("last_seen_at").toInstant());
	}

	static String abbreviated(String token) {
		return token.substring(0, Math.min(12, token.length())) + "...";
	}

	/**
	 * A device as registered.
	 *
	 * @param device the device
	 * @param previousOwner the admin who held the token before, if any
	 */
	record Registered(Device device, String previousOwner) {

		/**
		 * Whether the admin did not hold the device before: a first registration, or a
		 * token moved from another admin.
		 */
		boolean newTo(String adminId) {
			return !adminId.equals(this.previousOwner);
		}

	}

}
