package com.backoffice.notify.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server process costs: heap after a full GC (through {@code jcmd} and its
 * actuator), resident memory and CPU time (from {@code /proc}), and its metrics.
 */
public final class ProcessFigures {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private ProcessFigures() {
	}

	/**
	 * Runs a full GC in a Spring Boot service, then reads its heap.
	 * @param pid the process
	 * @param port its HTTP port, with the actuator
	 * @return heap used, in bytes
	 */
	public static double heapAfterGc(long pid, int port) throws IOException, InterruptedException {
		jcmd(pid, ProcessBuilder.Redirect.DISCARD, "GC.run");
		return metric(port, "jvm.memory.used?tag=area:heap", "VALUE");
	}

	/**
	 * Reads a statistic of a service's metric.
	 * @param port its HTTP port, with the actuator
	 * @param path the metric's name, and tags as {@code ?tag=k:v}
	 * @param statistic {@code VALUE}, {@code COUNT}, ...
	 * @return the statistic, 0 when the metric has none yet
	 */
	static double metric(int port, String path, String statistic) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/metrics/" + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		String body = response.body();
		int at = body.indexOf("\"statistic\":\"" + statistic + "\",\"value\":");
		if (at < 0) {
			return 0;
		}
		int start = body.indexOf("\"value\":", at) + 8;
		return Double.parseDouble(body.substring(start, body.indexOf('}', start)).trim());
	}

	/**
	 * The processes whose command names something (PostgreSQL's server detaches from the
	 * JVM that started it, so not only this JVM's descendants).
	 * @param command part of the executable's path, {@code redis-server},
	 * {@code postgres}
	 * @return their pids
	 */
	static List<Long> named(String command) {
		return ProcessHandle.allProcesses()
			.filter((process) -> process.info().command().orElse("").contains(command))
			.map(ProcessHandle::pid)
			.toList();
	}

	/**
	 * Runs a {@code jcmd} command in a JVM and waits for it.
	 * @param pid the JVM
	 * @param output where what it prints goes
	 * @param command the command and its arguments
	 */
	static void jcmd(long pid, ProcessBuilder.Redirect output, String... command)
			throws IOException, InterruptedException {
		List<String> line = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid)));
		line.addAll(List.of(command));
		new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output).start().waitFor();
	}

	/**
	 * The resident memory of processes.
	 * @param pids the processes
	 * @return their RSS in all, in KiB
	 */
	static long rssKb(List<Long> pids) throws IOException {
		long sum = 0;
		for (long pid : pids) {
			Path status = Path.of("/proc/" + pid + "/status");
			if (Files.exists(status)) {
				sum += Files.readAllLines(status)
					.stream()
					.filter((line) -> line.startsWith("VmRSS:"))
					.map((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")))
					.findFirst()
					.orElse(0L);
			}
		}
		return sum;
	}

	/**
	 * The CPU processes use over a while.
	 * @param pids the processes
	 * @param over how long to watch
	 * @return percent of one core, all of them together
	 */
	static double idleCpu(List<Long> pids, Duration over) throws IOException, InterruptedException {
		long before = cpuTicks(pids);
		Thread.sleep(over.toMillis());
		long after = cpuTicks(pids);
		// clock ticks of 10 ms
		return (after - before) * 10.0 / over.toMillis() * 100;
	}

	/**
	 * CPU time of processes (those gone count nothing).
	 * @param pids the processes
	 * @return their user and system clock ticks (10 ms), all together
	 */
	static long cpuTicks(List<Long> pids) throws IOException {
		long sum = 0;
		for (long pid : pids) {
			Path file = Path.of("/proc/" + pid + "/stat");
			if (!Files.exists(file)) {
				continue;
			}
			String stat = Files.readString(file);
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			sum += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		return sum;
	}

}
