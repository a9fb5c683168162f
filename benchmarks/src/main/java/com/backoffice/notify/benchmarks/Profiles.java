package com.backoffice.notify.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a service spent its CPU during a run: the JVM flags that make it record (Java
 * Flight Recorder, the {@code profile} settings: a stack sample every 10 ms of running
 * Java code), and a summary of the recording it leaves on exit, the hottest methods and
 * the libraries they belong to.
 */
final class Profiles {

	private Profiles() {
	}

	/**
	 * The JVM option that keeps a service's flight recorder running from its start, so
	 * that a {@link #window} costs the same in every measured while (a recorder started
	 * in the middle of a run loads and compiles its own code there, and slows the first
	 * while it profiles). The recorder's overhead is in every figure.
	 * @return the option
	 */
	static String background() {
		return "-XX:StartFlightRecording=settings=profile,maxage=2m,name=background";
	}

	/**
	 * The JVM options that make a service record a profile of its whole run.
	 * @param recording where the recording goes when the service stops
	 * @return the options
	 */
	static List<String> recordTo(Path recording) {
		try {
			Files.deleteIfExists(recording);
			Files.deleteIfExists(Path.of(recording + ".txt"));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording);
	}

	/**
	 * Summarises a recording: the share of CPU samples by the method on top of the stack,
	 * and by library (the top frame's package, to three parts). Writes it beside the
	 * recording ({@code .txt}) and returns it.
	 * @param recording the recording
	 * @param top how many methods and libraries to show
	 * @return the summary, or a line saying why there is none
	 */
	static String summarize(Path recording, int top) {
		if (!Files.isRegularFile(recording)) {
			return "no recording at " + recording;
		}
		Map<String, Integer> methods = new HashMap<>();
		Map<String, Integer> libraries = new HashMap<>();
		int samples = 0;
		try {
			for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
				if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
					continue;
				}
				RecordedStackTrace stack = event.getStackTrace();
				if (stack == null || stack.getFrames().isEmpty()) {
					continue;
				}
				RecordedFrame frame = stack.getFrames().get(0);
				String type = frame.getMethod().getType().getName();
				methods.merge(type + "." + frame.getMethod().getName(), 1, Integer::sum);
				libraries.merge(library(type), 1, Integer::sum);
				samples++;
			}
			StringBuilder summary = new StringBuilder(
					"%s: %,d CPU samples%n  by library:%n".formatted(recording.getFileName(), samples));
			append(summary, libraries, samples, top);
			summary.append("  by method:\n");
			append(summary, methods, samples, top);
			Files.writeString(Path.of(recording + ".txt"), summary);
			return summary.toString();
		}
		catch (IOException ex) {
			return "could not read " + recording + ": " + ex.getMessage();
		}
	}

	/**
	 * Starts profiling processes for a while: a flight recording in each JVM, and their
	 * CPU time and the machine's.
	 * @param processes JVMs to profile, by name
	 * @param others other processes whose CPU time counts (Redis, PostgreSQL, Pushpin),
	 * by name
	 * @return the window, to {@link Window#stop stop}
	 */
	static Window window(Map<String, Long> processes, Map<String, List<Long>> others)
			throws IOException, InterruptedException {
		for (long pid : processes.values()) {
			ProcessFigures.jcmd(pid, ProcessBuilder.Redirect.DISCARD, "JFR.start", "name=window", "settings=profile");
		}
		Map<String, List<Long>> all = new java.util.LinkedHashMap<>();
		processes.forEach((name, pid) -> all.put(name, List.of(pid)));
		all.putAll(others);
		Map<String, Long> ticks = new java.util.LinkedHashMap<>();
		for (Map.Entry<String, List<Long>> process : all.entrySet()) {
			ticks.put(process.getKey(), ProcessFigures.cpuTicks(process.getValue()));
		}
		return new Window(processes, all, ticks, machineTicks(), System.nanoTime());
	}

	/** The machine's busy and total clock ticks, all cores. */
	private static long[] machineTicks() throws IOException {
		String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
		long total = 0;
		for (int i = 1; i < fields.length; i++) {
			total += Long.parseLong(fields[i]);
		}
		long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
		return new long[] { total - idle, total };
	}

	/**
	 * A while of profiling.
	 *
	 * @param jvms the JVMs recording
	 * @param processes every process watched, by name
	 * @param ticks their CPU clock ticks at the start
	 * @param machine the machine's busy and total ticks at the start
	 * @param began when it began
	 */
	record Window(Map<String, Long> jvms, Map<String, List<Long>> processes, Map<String, Long> ticks, long[] machine,
			long began) {

		/**
		 * Stops it: how busy the machine and each process were, and where each JVM spent
		 * its CPU.
		 * @param directory where the recordings go
		 * @param label the window's name in their file names
		 * @return the summary, also written to {@code <label>.profile.txt}
		 */
		String stop(Path directory, String label) throws IOException, InterruptedException {
			double seconds = (System.nanoTime() - this.began) / 1e9;
			long[] machine = machineTicks();
			StringBuilder summary = new StringBuilder("%s: %.1f s; the machine's %d cores %.0f%% busy%n".formatted(
					label, seconds, Runtime.getRuntime().availableProcessors(),
					100.0 * (machine[0] - this.machine[0]) / Math.max(1, machine[1] - this.machine[1])));
			for (Map.Entry<String, List<Long>> process : this.processes.entrySet()) {
				long used = ProcessFigures.cpuTicks(process.getValue()) - this.ticks.get(process.getKey());
				summary.append("  CPU %-22s %5.0f%% of a core%n".formatted(process.getKey(), used / seconds));
			}
			for (Map.Entry<String, Long> jvm : this.jvms.entrySet()) {
				Path recording = directory.resolve(label + "-" + jvm.getKey() + ".jfr");
				Files.deleteIfExists(recording);
				ProcessFigures.jcmd(jvm.getValue(), ProcessBuilder.Redirect.DISCARD, "JFR.stop", "name=window",
						"filename=" + recording);
				summary.append(summarize(recording, 8));
			}
			Files.writeString(directory.resolve(label + ".profile.txt"), summary);
			return summary.toString();
		}

	}

	private static String library(String type) {
		String[] parts = type.split("\\.");
		return String.join(".", List.of(parts).subList(0, Math.min(3, Math.max(1, parts.length - 1))));
	}

	private static void append(StringBuilder summary, Map<String, Integer> counts, int samples, int top) {
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(top)
			.forEach((entry) -> summary.append(
					"    %5.1f%%  %s%n".formatted(100.0 * entry.getValue() / Math.max(1, samples), entry.getKey())));
	}

}
