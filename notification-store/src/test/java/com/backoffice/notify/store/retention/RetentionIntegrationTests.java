package com.backoffice.notify.store.retention;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.backoffice.notify.infrastructure.test.RealInfrastructure;
import com.backoffice.notify.infrastructure.test.Server;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "notify.store.retention.types.[excel.export.completed]=7d",
				"notify.store.retention.batch-size=2" })
@RealInfrastructure({ Server.KAFKA, Server.POSTGRES })
class RetentionIntegrationTests {

	private final String admin = "op-" + UUID.randomUUID().toString().substring(0, 8);

	@Autowired
	Retention retention;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcConnectionDetails database;

	@Test
	void purgesOnlyWhatIsPastItsRetentionInSmallBatches() {
		List<UUID> old = List.of(store("order.placed", 91), store("order.placed", 95), store("order.placed", 120),
				store("excel.export.completed", 8));
		List<UUID> kept = List.of(store("order.placed", 89), store("order.placed", 0),
				store("excel.export.completed", 6));
		long unreadBefore = unread();

		long purged = this.retention.purge();

		assertThat(purged).isGreaterThanOrEqualTo(old.size());
		assertThat(remaining()).containsExactlyInAnyOrderElementsOf(kept);
		assertThat(unread()).as("the purged unread ones leave the unread count").isEqualTo(unreadBefore - old.size());
	}

	@Test
	void keepsTheUnreadCountWhoeverWritesTheTable() throws Exception {
		// a plain connection (not the store's, whose search_path is its schema), as an
		// operator's psql
		try (Connection plain = DriverManager.getConnection(this.database.getJdbcUrl(), this.database.getUsername(),
				this.database.getPassword()); Statement statement = plain.createStatement()) {
			statement.execute("SET search_path TO public");
			statement.executeUpdate("INSERT INTO store.notification (notification_id, recipient_id, event_id, type, "
					+ "priority, title, channels, source, created_at) VALUES ('" + UUID.randomUUID() + "', '"
					+ this.admin + "', 'e-1', 'order.placed', 'NORMAL', 'Title', 'WEB', '/test', now())");
		}

		assertThat(unread()).isEqualTo(1);
	}

	private UUID store(String type, int daysAgo) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO notification (notification_id, recipient_id, event_id, type, priority, title, channels,
				                          source, created_at)
				VALUES (?, ?, ?, ?, 'NORMAL', 'Title', 'WEB', '/test', ?)
				""")
			.params(id, this.admin, "e-" + id, type, Timestamp.from(Instant.now().minus(Duration.ofDays(daysAgo))))
			.update();
		return id;
	}

	private List<UUID> remaining() {
		return this.jdbc.sql("SELECT notification_id FROM notification WHERE recipient_id = ?")
			.param(this.admin)
			.query(UUID.class)
			.list();
	}

	private long unread() {
		return this.jdbc.sql("SELECT unread FROM unread_count WHERE recipient_id = ?")
			.param(this.admin)
			.query(Long.class)
			.single();
	}

}
