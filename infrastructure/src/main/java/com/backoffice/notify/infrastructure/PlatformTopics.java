package com.backoffice.notify.infrastructure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The platform's topics, each with a one-partition dead-letter topic, as
 * docs/ARCHITECTURE.md lists them. Tests and the local run create exactly these, so that
 * both see the partitioning production has.
 */
public final class PlatformTopics {

	/**
	 * A topic.
	 *
	 * @param name the name
	 * @param partitions how many partitions
	 * @param compacted whether only the latest record per key is kept
	 */
	public record Topic(String name, int partitions, boolean compacted) {
	}

	/** Every topic but the dead-letter ones. */
	public static final List<Topic> ALL = List.of(new Topic("notification.requested.v1", 6, false),
			new Topic("notification.dispatched.v1", 6, false), new Topic("notification.dispatched.urgent.v1", 6, false),
			new Topic("notification.fanout.v1", 6, false), new Topic("notification.digest.v1", 6, false),
			new Topic("notification.state.v1", 3, false), new Topic("admin.directory.v1", 3, true),
			new Topic("notification.preferences.v1", 3, true));

	private PlatformTopics() {
	}

	/**
	 * Creates every topic and its dead-letter topic, and waits until each partition has a
	 * leader: a producer that writes before then can be refused and, when idempotent, get
	 * stuck retrying out-of-order batches.
	 * @param bootstrapServers the broker
	 */
	public static void create(String bootstrapServers) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			create(admin);
			awaitLeaders(admin, Duration.ofSeconds(60));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not create the platform's topics", ex.getCause());
		}
	}

	/**
	 * Waits until every partition's leader answers for it: a leader in the metadata is
	 * not enough, a freshly created partition can still refuse writes as
	 * {@code NOT_LEADER_OR_FOLLOWER} for a moment, and an idempotent producer that is
	 * refused its first batch while later ones pass gets stuck on out-of-order sequence
	 * numbers.
	 */
	private static void awaitLeaders(Admin admin, Duration timeout) throws InterruptedException, ExecutionException {
		List<String> names = new ArrayList<>();
		ALL.forEach((topic) -> names.addAll(List.of(topic.name(), topic.name() + ".dlq")));
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!leadersAnswer(admin, names)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The platform's topics have no leader after " + timeout);
			}
			Thread.sleep(100);
		}
	}

	private static boolean leadersAnswer(Admin admin, List<String> names)
			throws InterruptedException, ExecutionException {
		Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
		for (TopicDescription topic : admin.describeTopics(names).allTopicNames().get().values()) {
			for (TopicPartitionInfo partition : topic.partitions()) {
				if (partition.leader() == null) {
					return false;
				}
				partitions.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest());
			}
		}
		try {
			admin.listOffsets(partitions).all().get();
			return true;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RetriableException) {
				return false;
			}
			throw ex;
		}
	}

	private static void create(Admin admin) throws InterruptedException, ExecutionException {
		List<NewTopic> topics = new ArrayList<>();
		for (Topic topic : ALL) {
			topics.add(new NewTopic(topic.name(), topic.partitions(), (short) 1)
				.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
						topic.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE)));
			topics.add(new NewTopic(topic.name() + ".dlq", 1, (short) 1));
		}
		admin.createTopics(topics).all().get();
	}

}
