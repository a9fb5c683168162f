package com.backoffice.notify.store.preferences;

import java.sql.Timestamp;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code preferences} table.
 */
@Repository
class PreferencesRepository {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	PreferencesRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	Optional<PreferencesChanged> find(String adminId) {
		return this.jdbc.sql("SELECT muted, channels, updated_at FROM preferences WHERE admin_id = ?")
			.param(adminId)
			.query((row, n) -> new PreferencesChanged(adminId,
					this.json.readValue(row.getString("muted"), new TypeReference<>() {
					}), this.json.readValue(row.getString("channels"), new TypeReference<>() {
					}), row.getTimestamp("updated_at").toInstant()))
			.optional();
	}

	void save(PreferencesChanged preferences) {
		this.jdbc.sql("""
				INSERT INTO preferences (admin_id, muted, channels, updated_at)
				VALUES (:admin, CAST(:muted AS jsonb), CAST(:channels AS jsonb), :updatedAt)
				ON CONFLICT (admin_id) DO UPDATE
				SET muted = EXCLUDED.muted, channels = EXCLUDED.channels, updated_at = EXCLUDED.updated_at
				""")
			.param("admin", preferences.adminId())
			.param("muted", this.json.writeValueAsString(preferences.muted()))
			.param("channels", this.json.writeValueAsString(preferences.channels()))
			.param("updatedAt", Timestamp.from(preferences.updatedAt()))
			.update();
	}

}
