package com.backoffice.notify.benchmarks.baseline;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The baseline the gateway is compared with, built the way the classic Spring MVC
 * tutorials build live notifications: a {@link SseEmitter} per connection in a
 * {@link ConcurrentHashMap} by admin, fed by a {@code @KafkaListener}. One instance, no
 * replay, no authentication, no heartbeat, no protection from slow clients.
 */
@SpringBootApplication
@RestController
public class BaselineApplication {

	private final Map<String, List<SseEmitter>> emitters = new ConcurrentHashMap<>();

	public static void main(String[] args) {
		SpringApplication.run(BaselineApplication.class, args);
	}

	@GetMapping("/sse")
	SseEmitter subscribe(@RequestParam String adminId) throws IOException {
		SseEmitter emitter = new SseEmitter(Long.MAX_VALUE);
		List<SseEmitter> ofAdmin = this.emitters.computeIfAbsent(adminId, (id) -> new CopyOnWriteArrayList<>());
		ofAdmin.add(emitter);
		emitter.onCompletion(() -> ofAdmin.remove(emitter));
		emitter.onTimeout(() -> ofAdmin.remove(emitter));
		emitter.onError((error) -> ofAdmin.remove(emitter));
		emitter.send(SseEmitter.event().comment("connected"));
		return emitter;
	}

	@KafkaListener(topics = "notification.dispatched.v1", groupId = "baseline")
	void onNotification(ConsumerRecord<String, String> record) {
		List<SseEmitter> ofAdmin = this.emitters.get(record.key());
		if (ofAdmin == null) {
			return;
		}
		for (SseEmitter emitter : ofAdmin) {
			try {
				emitter.send(SseEmitter.event().name("notification").data(record.value()));
			}
			catch (IOException | IllegalStateException ex) {
				ofAdmin.remove(emitter);
			}
		}
	}

}
