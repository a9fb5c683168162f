package com.backoffice.notify.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.backoffice.notify.launcher.DomainSimulator.Published;
import com.backoffice.notify.launcher.DomainSimulator.Scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin console in real headless Chromium, against the whole platform as the local
 * run starts it (Kafka, Redis, PostgreSQL and the four services as processes, on free
 * ports), fed by the domain simulator: what an admin sees.
 */
@EnabledIf(value = "chromiumInstalled", disabledReason = Chromium.MISSING)
class ConsoleBrowserTests {

	private static final Duration DELIVERY = Duration.ofSeconds(30);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static Path runDirectory;

	private static LocalPlatform platform;

	private static Chromium chromium;

	static boolean chromiumInstalled() {
		String missing = Chromium.missing();
		if (missing != null) {
			System.err.println("[browser tests] " + missing);
		}
		return missing == null;
	}

	@BeforeAll
	static void startPlatform() throws Exception {
		Path root = Path.of(System.getProperty("notify.root"));
		runDirectory = root.resolve("launcher/target/browser-tests");
		platform = new LocalPlatform(root, System.getProperty("notify.version"), Layout.free(runDirectory));
		platform.start();
		chromium = new Chromium(runDirectory.resolve("chromium"));
	}

	@AfterEach
	void closeBrowsers() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@AfterAll
	static void stopPlatform() {
		if (platform != null) {
			platform.stop();
		}
	}

	@Test
	void anAdminSeesTheirMallsNotificationsLiveAndNothingOfAnotherMall() {
		ConsoleTab mallOne = ConsoleTab.open(chromium.open(), console());
		await().untilAsserted(
				() -> assertThat(mallOne.signInChoices()).containsExactlyInAnyOrder("op-m1", "op-m2", "pt-p1", "pl-1"));
		mallOne.signInAs("op-m1");
		ConsoleTab mallTwo = ConsoleTab.open(chromium.open(), console()).signInAs("op-m2");
		awaitLive(mallOne, mallTwo);
		int mallOneUnread = mallOne.badge();
		int mallTwoUnread = mallTwo.badge();

		Published otherMalls = publish(Scenario.ORDER, "mall:m-2");
		await().atMost(DELIVERY).untilAsserted(() -> {
			assertThat(mallTwo.toastTitles()).contains(otherMalls.title());
			assertThat(mallTwo.badge()).isEqualTo(mallTwoUnread + 1);
		});
		Published own = publish(Scenario.FRAUD, "mall:m-1");
		await().atMost(DELIVERY).untilAsserted(() -> {
			assertThat(mallOne.toastTitles()).contains(own.title());
			assertThat(mallOne.badge()).isEqualTo(mallOneUnread + 1);
			assertThat(mallOne.timelineTitles()).first().isEqualTo(own.title());
		});
		assertThat(mallOne.toast(own.title())).containsExactly("toast URGENT", own.link());
		assertThat(mallOne.unread(own.title())).isTrue();
		assertThat(mallOne.toastTitles()).doesNotContain(otherMalls.title());
		assertThat(mallOne.timelineTitles()).doesNotContain(otherMalls.title());

		mallOne.dismissToast(own.title());
		assertThat(mallOne.toastTitles()).doesNotContain(own.title());
		mallOne.reload();
		await().atMost(DELIVERY).untilAsserted(() -> {
			assertThat(mallOne.timelineTitles()).contains(own.title());
			assertThat(mallOne.badge()).isEqualTo(mallOneUnread + 1);
		});
		assertThat(mallOne.timelineTitles()).as("the timeline from the store").doesNotContain(otherMalls.title());
	}

	@Test
	void markingReadInOneTabLowersTheBadgeInTheOther() {
		ChromeDriver browser = chromium.open();
		ConsoleTab first = ConsoleTab.open(browser, console()).signInAs("pt-p1");
		ConsoleTab second = ConsoleTab.openInNewTab(browser, console());
		awaitLive(first, second);
		int unread = second.badge();

		Published approved = publish(Scenario.PRODUCT_APPROVAL, "partner:p-1");
		Published asked = publish(Scenario.PRODUCT_INQUIRY, "partner:p-1");
		for (ConsoleTab tab : List.of(first, second)) {
			await().atMost(DELIVERY).untilAsserted(() -> {
				assertThat(tab.badge()).isEqualTo(unread + 2);
				assertThat(tab.timelineTitles()).contains(approved.title(), asked.title());
			});
		}

		first.markRead(approved.title());
		await().atMost(DELIVERY).untilAsserted(() -> {
			assertThat(second.badge()).isEqualTo(unread + 1);
			assertThat(second.unread(approved.title())).isFalse();
			assertThat(second.unread(asked.title())).isTrue();
		});

		second.markAllRead();
		await().atMost(DELIVERY).untilAsserted(() -> {
			assertThat(first.badge()).isZero();
			assertThat(first.unread(asked.title())).isFalse();
		});
	}

	@Test
	void fourTabsShareOneStreamWhichOutlivesTheTabHoldingIt() throws Exception {
		await().atMost(DELIVERY).untilAsserted(() -> assertThat(gatewayConnections()).isZero());
		ChromeDriver browser = chromium.open();
		List<ConsoleTab> tabs = new ArrayList<>();
		tabs.add(ConsoleTab.open(browser, console()).signInAs("pl-1"));
		for (int i = 0; i < 3; i++) {
			tabs.add(ConsoleTab.openInNewTab(browser, console()));
		}
		awaitLive(tabs.toArray(ConsoleTab[]::new));
		await().atMost(DELIVERY).untilAsserted(() -> assertThat(gatewayConnections()).isEqualTo(1));
		assertThat(tabs.stream().map(ConsoleTab::stream)).containsExactlyInAnyOrder("leader", "follower", "follower",
				"follower");

		ConsoleTab leader = tabs.stream().filter((tab) -> tab.stream().equals("leader")).findFirst().orElseThrow();
		leader.close();
		tabs.remove(leader);
		long closed = System.nanoTime();
		await().atMost(DELIVERY)
			.untilAsserted(() -> assertThat(tabs.stream().map(ConsoleTab::stream)).containsExactlyInAnyOrder("leader",
					"follower", "follower"));
		awaitLive(tabs.toArray(ConsoleTab[]::new));
		try {
			await().atMost(DELIVERY).untilAsserted(() -> assertThat(gatewayConnections()).isEqualTo(1));
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Not one stream at the gateway after the leader tab closed: tabs "
					+ tabs.stream().map((tab) -> tab.stream() + "/" + tab.connection()).toList() + ", gateway "
					+ gatewayMeter("notify.gateway.connects", "outcome") + " connects, "
					+ gatewayMeter("notify.gateway.disconnects", "reason") + " disconnects", ex);
		}
		System.out.printf("[browser tests] one stream again %d ms after the tab holding it closed%n",
				Duration.ofNanos(System.nanoTime() - closed).toMillis());

		int unread = tabs.get(0).badge();
		ConsoleTab inFront = tabs.get(1).front();
		assertThat(inFront.visible()).isTrue();
		Published alert = publish(Scenario.FRAUD, "admin:pl-1");
		await().atMost(DELIVERY).untilAsserted(() -> {
			assertThat(inFront.timelineTitles()).first().isEqualTo(alert.title());
			assertThat(inFront.toastTitles()).containsExactly(alert.title());
		});
		for (ConsoleTab tab : tabs) {
			await().atMost(DELIVERY).untilAsserted(() -> {
				assertThat(tab.timelineTitles()).first().isEqualTo(alert.title());
				assertThat(tab.badge()).isEqualTo(unread + 1);
			});
			if (tab != inFront) {
				assertThat(tab.toastTitles()).as("toasts only in the tab in front").isEmpty();
			}
		}
		assertThat(gatewayConnections()).isEqualTo(1);
	}

	@Test
	void whatTheSimulatorPublishesArrivesInTheConsole() throws Exception {
		ChromeDriver browser = chromium.open();
		ConsoleTab console = ConsoleTab.open(browser, console()).signInAs("op-m1");
		awaitLive(console);
		int shown = console.timelineTitles().size();

		// a burst, as from the command line
		HttpResponse<String> burst = http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + platform.layout().simulator()
					+ "/publish?scenario=order&to=admin:op-m1&count=30&perSecond=30"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(burst.statusCode()).isEqualTo(202);
		await().atMost(DELIVERY).untilAsserted(() -> assertThat(console.timelineTitles()).hasSize(shown + 30));
		assertThat(console.toastTitles()).as("a burst does not bury the page").hasSizeLessThanOrEqualTo(4);

		// every kind of request, from the simulator's page, in a tab of its own
		browser.switchTo().newWindow(WindowType.TAB);
		browser.get("http://localhost:" + platform.layout().simulator());
		await()
			.until(() -> browser.findElements(By.cssSelector("#scenarios button")).size() == Scenario.values().length);
		new Select(browser.findElement(By.id("to"))).selectByValue("admin:op-m1");
		for (WebElement button : browser.findElements(By.cssSelector("#scenarios button"))) {
			button.click();
		}
		await().until(
				() -> browser.findElements(By.cssSelector("#log li:not(.error)")).size() == Scenario.values().length);
		console.front();
		await().atMost(DELIVERY)
			.untilAsserted(() -> assertThat(console.timelineTypes()).hasSize(shown + 30 + Scenario.values().length)
				.contains("excel.export.completed", "order.placed", "claim.raised", "inquiry.received",
						"product.approved", "product.inquiry.received", "fraud.suspected"));

		// the README's picture: once the burst's toasts have gone, an export and a fraud
		// alert
		await().atMost(DELIVERY).until(() -> console.toastTitles().isEmpty());
		Published export = publish(Scenario.EXCEL_EXPORT, "admin:op-m1");
		Published alert = publish(Scenario.FRAUD, "mall:m-1");
		await().atMost(DELIVERY)
			.untilAsserted(
					() -> assertThat(console.toastTitles()).containsExactlyInAnyOrder(export.title(), alert.title()));
		Path screenshot = Files.createDirectories(runDirectory.resolveSibling("screenshots")).resolve("console.png");
		Files.write(screenshot, console.screenshot());
		System.out.println("[browser tests] the console, as the README shows it: " + screenshot);
	}

	private static Published publish(Scenario scenario, String audience) {
		return platform.simulator().publish(scenario, audience, 1).get(0);
	}

	private static void awaitLive(ConsoleTab... tabs) {
		for (ConsoleTab tab : tabs) {
			try {
				await().atMost(DELIVERY).until(() -> tab.connection().equals("live"));
			}
			catch (ConditionTimeoutException ex) {
				throw new AssertionError(
						"The console is not live: it shows '" + tab.connection() + "', holds the stream: '"
								+ tab.stream() + "', under the timeline: '" + tab.timelineNotice() + "'",
						ex);
			}
		}
	}

	private static String console() {
		return platform.layout().url("push-gateway") + "/";
	}

	private static String gatewayMeter(String name, String tag) throws Exception {
		String meter = console() + "actuator/metrics/" + name;
		List<String> counts = new ArrayList<>();
		for (JsonNode value : metric(meter).at("/availableTags/0/values")) {
			String tagged = meter + "?tag=" + tag + ":" + value.asString();
			counts.add(value.asString() + "=" + metric(tagged).at("/measurements/0/value").asInt());
		}
		return counts.toString();
	}

	private static JsonNode metric(String url) throws Exception {
		return json
			.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
				.body());
	}

	private static int gatewayConnections() throws Exception {
		return metric(console() + "actuator/metrics/notify.gateway.connections").at("/measurements/0/value").asInt();
	}

}
