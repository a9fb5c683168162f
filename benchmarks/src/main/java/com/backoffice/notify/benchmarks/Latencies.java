package com.backoffice.notify.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Percentiles of measured latencies.
 */
final class Latencies {

	private Latencies() {
	}

	/**
	 * Returns a percentile, nearest rank.
	 * @param micros the latencies, in microseconds
	 * @param p the percentile, 0 to 1 (1 is the maximum)
	 * @return the latency at that rank, in microseconds
	 */
	static long percentile(List<Long> micros, double p) {
		List<Long> sorted = new ArrayList<>(micros);
		Collections.sort(sorted);
		return sorted.get((int) Math.max(0, Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)));
	}

	/**
	 * Describes latencies as {@code p50 .. ms, p99 .. ms, max .. ms (n requests)}.
	 * @param micros the latencies, in microseconds
	 * @return the description
	 */
	static String describe(List<Long> micros) {
		return "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d requests)".formatted(percentile(micros, 0.5) / 1000.0,
				percentile(micros, 0.99) / 1000.0, percentile(micros, 1.0) / 1000.0, micros.size());
	}

}
