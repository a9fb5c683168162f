package com.backoffice.excelexport.export;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Starts and completes exports.
 */
@Service
public class Exports {

	private final JdbcClient database;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Exports(JdbcClient database, ApplicationEventPublisher events) {
		this.database = database;
		this.events = events;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Records an export that has started.
	 * @param id the export
	 * @param requestedBy the admin who asked for it
	 * @param fileName the file it writes
	 * @return the export
	 */
	@Transactional
	public Export start(String id, String requestedBy, String fileName) {
		this.database.sql("INSERT INTO export (id, requested_by, file_name, status) VALUES (?, ?, ?, 'RUNNING')")
			.params(id, requestedBy, fileName)
			.update();
		return new Export(id, requestedBy, fileName, "RUNNING", null);
	}

	/**
	 * Records that an export is done. The admin is notified once this transaction (or the
	 * one it joins) commits, and never if it rolls back.
	 * @param id the export
	 * @param rows how many rows it wrote
	 * @return the export, completed
	 */
	@Transactional
	public Export complete(String id, int rows) {
		Instant now = this.clock.instant();
		int updated = this.database.sql(
				"UPDATE export SET status = 'COMPLETED', row_count = ?, completed_at = ? WHERE id = ? AND status = 'RUNNING'")
			.params(rows, Timestamp.from(now), id)
			.update();
		Export export = find(id).orElseThrow(() -> new IllegalArgumentException("There is no export " + id));
		if (updated == 1) {
			this.events.publishEvent(new ExportCompleted(export, now));
		}
		return export;
	}

	/**
	 * Finds an export.
	 * @param id the export
	 * @return the export, if there is one
	 */
	public Optional<Export> find(String id) {
		return this.database.sql("SELECT id, requested_by, file_name, status, row_count FROM export WHERE id = ?")
			.param(id)
			.query((row, number) -> new Export(row.getString("id"), row.getString("requested_by"),
					row.getString("file_name"), row.getString("status"), (Integer) row.getObject("row_count")))
			.optional();
	}

}
