package com.backoffice.notify.launcher;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its own chromedriver (packages
 * {@code chromium} and {@code chromium-driver}): nothing is downloaded, so a machine
 * without them says so instead.
 */
final class Chromium implements AutoCloseable {

	static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));

	static final Path DRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));

	static final String MISSING = "The admin console's browser tests are SKIPPED: they need Debian's chromium and "
			+ "chromium-driver (apt-get install chromium chromium-driver; .ci/run installs them)";

	private final List<ChromeDriver> browsers = new ArrayList<>();

	private final Path profiles;

	Chromium(Path profiles) {
		this.profiles = profiles;
	}

	/**
	 * Says what is missing for the browser tests, or nothing.
	 * @return why they cannot run, or {@code null}
	 */
	static String missing() {
		if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
			return null;
		}
		return "Chromium is not installed (" + BINARY + ", " + DRIVER + "). " + MISSING;
	}

	/**
	 * Starts a browser of its own: its own profile, so its own local storage and its own
	 * connections.
	 * @return the browser
	 */
	ChromeDriver open() {
		try {
			Path profile = Files.createTempDirectory(Files.createDirectories(this.profiles), "chromium-");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(BINARY.toFile());
			// as root, without the sandbox; no network beyond loopback, so nothing in the
			// background that would try
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--window-size=1280,860", "--user-data-dir=" + profile);
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
				.usingAnyFreePort()
				.withLogFile(new File(profile + ".chromedriver.log"))
				.build();
			ChromeDriver browser = new ChromeDriver(service, options);
			this.browsers.add(browser);
			return browser;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.browsers.forEach(ChromeDriver::quit);
		this.browsers.clear();
	}

}
