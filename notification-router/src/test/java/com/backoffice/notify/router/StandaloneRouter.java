package com.backoffice.notify.router;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.backoffice.notify.infrastructure.Ports;
import com.backoffice.notify.infrastructure.test.KafkaTestClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A router started the way a deployment starts one, on topics of its own (so that it
 * shares nothing with other tests), for tests about start-up, restarts and replicas.
 *
 * @param prefix the prefix of its topics
 * @param port its HTTP port
 * @param context the running application, once started
 */
public record StandaloneRouter(String prefix, int port,
		CompletableFuture<ConfigurableApplicationContext> context) implements AutoCloseable {

	/**
	 * Starts a router in the background.
	 * @param prefix the prefix of its topics
	 * @param group its consumer group: a new group reads the requests from the beginning,
	 * as a replacement does after a crash before its offsets were committed
	 * @param settings more settings, {@code name=value}
	 * @return the router, starting
	 */
	public static StandaloneRouter start(String prefix, String group, String... settings) {
		int port = Ports.free();
		String bootstrap = KafkaTestClient.shared().bootstrapServers();
		provisionDigestTopic(bootstrap, prefix + ".notification.digest.v1");
		List<String> arguments = new ArrayList<>(
				List.of("--server.port=" + port, "--spring.kafka.bootstrap-servers=" + bootstrap,
						"--notify.router.directory.admins-topic=" + admins(prefix),
						"--notify.router.directory.preferences-topic=" + prefix + ".notification.preferences.v1",
						"--spring.cloud.stream.bindings.route-in-0.destination=" + requested(prefix),
						"--spring.cloud.stream.bindings.route-in-0.group=" + group,
						"--spring.cloud.stream.kafka.bindings.route-in-0.consumer.dlq-name=" + requested(prefix)
								+ ".dlq",
						"--spring.cloud.stream.bindings.dispatch.destination=" + dispatched(prefix),
						"--spring.cloud.stream.bindings.urgent.destination=" + urgent(prefix),
						"--spring.cloud.stream.bindings.fanout.destination=" + prefix + ".notification.fanout.v1",
						"--spring.cloud.stream.bindings.expand-in-0.destination=" + prefix + ".notification.fanout.v1",
						"--spring.cloud.stream.bindings.expand-in-0.group=" + group,
						"--spring.cloud.stream.kafka.bindings.expand-in-0.consumer.dlq-name=" + prefix
								+ ".notification.fanout.v1.dlq",
						"--notify.router.digest.pending-topic=" + prefix + ".notification.digest.v1",
						"--notify.router.digest.dispatched-topic=" + dispatched(prefix),
						"--spring.kafka.streams.application-id=" + prefix + "-digest"));
		Arrays.stream(settings).map((setting) -> "--" + setting).forEach(arguments::add);
		CompletableFuture<ConfigurableApplicationContext> context = CompletableFuture.supplyAsync(
				() -> new SpringApplicationBuilder(RouterApplication.class).run(arguments.toArray(String[]::new)));
		return new StandaloneRouter(prefix, port, context);
	}

	/**
	 * Creates the digest's topic, as a deployment provisions it: the digest's stream does
	 * not start on a topic that is not there.
	 */
	private static void provisionDigestTopic(String bootstrap, String topic) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("Could not create " + topic, ex.getCause());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static String admins(String prefix) {
		return prefix + ".admin.directory.v1";
	}

	public static String requested(String prefix) {
		return prefix + ".notification.requested.v1";
	}

	public static String dispatched(String prefix) {
		return prefix + ".notification.dispatched.v1";
	}

	public static String urgent(String prefix) {
		return prefix + ".notification.dispatched.urgent.v1";
	}

	/**
	 * Returns an admin as the directory topic holds it.
	 * @param adminId the admin
	 * @param mallId the admin's one mall
	 * @return the JSON
	 */
	public static String operator(String adminId, String mallId) {
		return """
				{"adminId": "%s", "kind": "OPERATOR", "mallIds": ["%s"], "partnerId": null, "roles": ["orders"], \
				"active": true, "locale": "ko-KR", "updatedAt": "%s"}""".formatted(adminId, mallId, Instant.now());
	}

	/**
	 * Publishes admins to this router's directory topic.
	 * @param admins the admins' JSON by id
	 */
	public void publishAdmins(Map<String, String> admins) {
		KafkaTestClient.shared().sendAll(admins(this.prefix), admins);
	}

	@Override
	public void close() throws Exception {
		this.context.get().close();
	}

}
