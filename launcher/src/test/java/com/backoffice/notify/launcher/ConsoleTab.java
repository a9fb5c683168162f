package com.backoffice.notify.launcher;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.awaitility.Awaitility.await;

/**
 * One tab of the admin console, read as a person sees it: what the badge says, which
 * toasts are up, what the timeline lists. Every call first brings its tab to the front.
 */
final class ConsoleTab {

	private final ChromeDriver browser;

	private final String window;

	private ConsoleTab(ChromeDriver browser, String window) {
		this.browser = browser;
		this.window = window;
	}

	/**
	 * Opens the console in the browser's current tab.
	 */
	static ConsoleTab open(ChromeDriver browser, String url) {
		browser.get(url);
		return new ConsoleTab(browser, browser.getWindowHandle());
	}

	/**
	 * Opens the console in a new tab of the browser.
	 */
	static ConsoleTab openInNewTab(ChromeDriver browser, String url) {
		browser.switchTo().newWindow(WindowType.TAB);
		return open(browser, url);
	}

	ConsoleTab signInAs(String adminId) {
		front();
		await().until(() -> !this.browser.findElements(By.cssSelector("#admins button[data-admin='" + adminId + "']"))
			.isEmpty());
		this.browser.findElement(By.cssSelector("#admins button[data-admin='" + adminId + "']")).click();
		await().until(() -> adminId.equals(text("who")));
		return this;
	}

	ConsoleTab front() {
		this.browser.switchTo().window(this.window);
		return this;
	}

	List<String> signInChoices() {
		return strings("[...document.querySelectorAll('#admins button')].map((b) => b.dataset.admin)");
	}

	/** The unread count on the bell; 0 when the badge is hidden. */
	int badge() {
		Object count = front().browser
			.executeScript("const b = document.getElementById('badge'); return b.hidden ? 0 : Number(b.textContent)");
		return ((Number) count).intValue();
	}

	/** {@code live}, {@code reconnecting} or {@code offline}. */
	String connection() {
		return text("connection");
	}

	/**
	 * {@code leader} when this tab holds the browser's stream, {@code follower} when not.
	 */
	String stream() {
		return (String) front().browser.executeScript("return document.body.dataset.stream || ''");
	}

	boolean visible() {
		return "visible".equals(front().browser.executeScript("return document.visibilityState"));
	}

	List<String> toastTitles() {
		return strings("[...document.querySelectorAll('#toasts .toast .title')].map((e) => e.textContent)");
	}

	/** The toast's priority class and its link, for the toast with this title. */
	List<String> toast(String title) {
		return strings("const t = [...document.querySelectorAll('#toasts .toast')]"
				+ ".find((e) => e.querySelector('.title').textContent === arguments[0]);"
				+ " return t ? [t.className, t.querySelector('a') ? t.querySelector('a').getAttribute('href') : ''] : []",
				title);
	}

	void dismissToast(String title) {
		front().browser
			.findElement(By.xpath("//div[@id='toasts']/div[div[@class='title' and text()='" + title + "']]/button"))
			.click();
	}

	List<String> timelineTitles() {
		return strings("[...document.querySelectorAll('#timeline li .title')].map((e) => e.textContent)");
	}

	/** What the page says under the timeline: the end, or why it did not load. */
	String timelineNotice() {
		return text("timeline-end");
	}

	List<String> timelineTypes() {
		return strings(
				"[...document.querySelectorAll('#timeline li .meta')].map((e) => e.textContent.split(' · ')[0])");
	}

	boolean unread(String title) {
		return !front().browser.findElements(By.xpath(itemWithTitle(title) + "[contains(@class, 'unread')]")).isEmpty();
	}

	void markRead(String title) {
		front().browser.findElement(By.xpath(itemWithTitle(title) + "//button[contains(@class, 'mark-read')]")).click();
	}

	void markAllRead() {
		front().browser.findElement(By.id("read-all")).click();
	}

	void reload() {
		front().browser.navigate().refresh();
	}

	void close() {
		front().browser.close();
	}

	byte[] screenshot() {
		return front().browser.getScreenshotAs(OutputType.BYTES);
	}

	private static String itemWithTitle(String title) {
		return "//ol[@id='timeline']/li[.//span[@class='title' and text()='" + title + "']]";
	}

	private String text(String id) {
		return (String) front().browser.executeScript("return document.getElementById(arguments[0]).textContent", id);
	}

	@SuppressWarnings("unchecked")
	private List<String> strings(String script, Object... arguments) {
		String body = script.contains("return ") ? script : "return " + script;
		return (List<String>) front().browser.executeScript(body, arguments);
	}

}
