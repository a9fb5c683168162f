package com.backoffice.notify.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import tools.jackson.databind.json.JsonMapper;

/**
 * A benchmark run's figures: a table, written as {@code <name>.csv} and, with the machine
 * and the command, {@code <name>.json}, and its charts as PNG, all in
 * {@code benchmarks/results}, where BENCHMARKS.md shows them.
 */
final class Report {

	private final Path directory;

	private final String name;

	private final List<String> columns;

	private final List<List<Object>> rows = new ArrayList<>();

	/**
	 * Starts a report.
	 * @param root the repository's root
	 * @param name the file names' stem
	 * @param columns the table's columns
	 */
	Report(Path root, String name, String... columns) {
		this.directory = root.resolve("benchmarks/results");
		this.name = name;
		this.columns = List.of(columns);
	}

	/**
	 * Adds a row, and writes the files again, so that a run cut short keeps what it
	 * measured.
	 * @param values one per column
	 */
	void add(Object... values) {
		if (values.length != this.columns.size()) {
			throw new IllegalArgumentException(this.columns.size() + " values expected: " + this.columns);
		}
		this.rows.add(List.of(values));
		write();
	}

	List<List<Object>> rows() {
		return this.rows;
	}

	/**
	 * A column's numbers, for a chart.
	 * @param column its index
	 * @return its values, one per row
	 */
	List<Double> column(int column) {
		return this.rows.stream().map((row) -> ((Number) row.get(column)).doubleValue()).toList();
	}

	private void write() {
		try {
			Files.createDirectories(this.directory);
			StringBuilder csv = new StringBuilder(String.join(",", this.columns)).append('\n');
			for (List<Object> row : this.rows) {
				csv.append(row.stream().map(Report::csv).collect(Collectors.joining(","))).append('\n');
			}
			Files.writeString(this.directory.resolve(this.name + ".csv"), csv);
			List<Map<String, Object>> objects = new ArrayList<>();
			for (List<Object> row : this.rows) {
				Map<String, Object> object = new LinkedHashMap<>();
				for (int i = 0; i < this.columns.size(); i++) {
					object.put(this.columns.get(i), row.get(i));
				}
				objects.add(object);
			}
			Map<String, Object> document = new LinkedHashMap<>();
			document.put("benchmark", this.name);
			document.put("finishedAt", Instant.now().toString());
			document.put("machine", machine());
			document.put("command", ProcessHandle.current().info().commandLine().orElse("?"));
			document.put("rows", objects);
			Files.writeString(this.directory.resolve(this.name + ".json"),
					JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(document));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String csv(Object value) {
		String text = String.valueOf(value);
		return (text.contains(",") || text.contains("\"")) ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
	}

	/**
	 * A system property of the run, where Maven passes an unset one as empty.
	 * @param name the property
	 * @param otherwise what an unset or empty one means
	 * @return the value
	 */
	static String property(String name, String otherwise) {
		String value = System.getProperty(name);
		return (value == null || value.isBlank()) ? otherwise : value;
	}

	/**
	 * The machine the figures were measured on.
	 * @return cores, memory, CPU model, OS and JVM
	 */
	static Map<String, Object> machine() {
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("cores", Runtime.getRuntime().availableProcessors());
		machine.put("cpu", procLine("/proc/cpuinfo", "model name"));
		machine.put("memory", procLine("/proc/meminfo", "MemTotal"));
		machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		return machine;
	}

	private static String procLine(String file, String key) {
		try {
			return Files.readAllLines(Path.of(file))
				.stream()
				.filter((line) -> line.startsWith(key))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("?");
		}
		catch (IOException ex) {
			return "?";
		}
	}

	/**
	 * Draws lines of y against x.
	 * @param file the chart's file name stem, in {@code benchmarks/results}
	 * @param title the title
	 * @param xTitle the x axis
	 * @param yTitle the y axis
	 * @param logarithmic whether both axes are logarithmic
	 * @param x the x values
	 * @param series y values by series name, one for each x (a {@code NaN} is no point)
	 */
	void lines(String file, String title, String xTitle, String yTitle, boolean logarithmic, List<? extends Number> x,
			Map<String, ? extends List<? extends Number>> series) {
		XYChart chart = new XYChartBuilder().width(900)
			.height(500)
			.title(title)
			.xAxisTitle(xTitle)
			.yAxisTitle(yTitle)
			.build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
		chart.getStyler().setXAxisLogarithmic(logarithmic);
		chart.getStyler().setYAxisLogarithmic(logarithmic);
		chart.getStyler().setDecimalPattern("#,##0.#");
		series.forEach((label, y) -> chart.addSeries(label, x, y));
		save(chart, file);
	}

	/**
	 * Draws bars by category.
	 * @param file the chart's file name stem, in {@code benchmarks/results}
	 * @param title the title
	 * @param yTitle the y axis
	 * @param categories the categories
	 * @param series values by series name, one for each category
	 */
	void bars(String file, String title, String yTitle, List<String> categories,
			Map<String, ? extends List<? extends Number>> series) {
		CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title(title).yAxisTitle(yTitle).build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
		chart.getStyler().setLabelsVisible(true);
		chart.getStyler().setDecimalPattern("#,##0.#");
		series.forEach((label, values) -> chart.addSeries(label, categories, values));
		save(chart, file);
	}

	private void save(Chart<?, ?> chart, String file) {
		try {
			Files.createDirectories(this.directory);
			BitmapEncoder.saveBitmap(chart, this.directory.resolve(file + ".png").toString(),
					BitmapEncoder.BitmapFormat.PNG);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
