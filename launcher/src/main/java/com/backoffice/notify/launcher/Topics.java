package com.backoffice.notify.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The platform's topics, each with its dead-letter topic, as ARCHITECTURE.md lists them.
 */
final class Topics {

	/** name, partitions, compacted. */
	record Topic(String name, int partitions, boolean compacted) {
	}

	static final List<Topic> ALL = List.of(new Topic("notification.requested.v1", 6, false),
			new Topic("notification.dispatched.v1", 6, false), new Topic("notification.state.v1", 3, false),
			new Topic("admin.directory.v1", 3, true), new Topic("notification.preferences.v1", 3, true));

	private Topics() {
	}

	static void create(Admin admin) throws InterruptedException, ExecutionException {
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
