package com.backoffice.notify.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output goes to a log file, stopped with SIGTERM and, if it does
 * not stop in time, SIGKILL.
 */
public final class ChildProcess {

	private final String name;

	private final Process process;

	private final Path log;

	private ChildProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a JVM with this JVM's class path (which holds Kafka's server jars).
	 */
	public static ChildProcess java(String name, List<String> mainAndArguments, Path log) {
		List<String> command = new ArrayList<>(
				List.of(javaExecutable(), "-Xms64m", "-Xmx768m", "-cp", System.getProperty("java.class.path")));
		command.addAll(mainAndArguments);
		return start(name, command, log);
	}

	/**
	 * Starts an executable jar.
	 */
	public static ChildProcess jar(String name, Path jar, List<String> jvmOptions, List<String> arguments, Path log) {
		List<String> command = new ArrayList<>(List.of(javaExecutable()));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString()));
		command.addAll(arguments);
		return start(name, command, log);
	}

	private static ChildProcess start(String name, List<String> command, Path log) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			return new ChildProcess(name, process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name, ex);
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	public long pid() {
		return this.process.pid();
	}

	public String name() {
		return this.name;
	}

	public Path log() {
		return this.log;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public void requireAlive() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(
					this.name + " exited with code " + this.process.exitValue() + ", see " + this.log);
		}
	}

	/**
	 * Waits until a Spring Boot service in this process answers 200 on
	 * {@code /actuator/health/readiness}.
	 * @param port the service's HTTP port on localhost
	 * @param timeout how long to wait
	 * @throws IllegalStateException when the process exits or is not ready in time
	 */
	public void awaitReady(int port, Duration timeout) throws InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest readiness = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			requireAlive();
			try {
				if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(this.name + " is not ready after " + timeout + ", see " + this.log);
			}
			Thread.sleep(250);
		}
	}

	public int waitFor(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
				throw new IllegalStateException(this.name + " did not finish in " + timeout);
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Kills the process and whatever it started (SIGKILL), as a crash would, and waits
	 * until it is gone.
	 */
	public void kill() {
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		try {
			this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Asks the process to stop (SIGTERM); a caller then waits with {@link #awaitStop}.
	 */
	public void requestStop() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
	}

	/**
	 * Waits for the process to stop, then kills it and whatever it started.
	 * @return {@code true} when it stopped by itself
	 */
	public boolean awaitStop(Duration grace) {
		try {
			boolean stopped = this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
			if (!stopped) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			return stopped;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
			return false;
		}
	}

}
