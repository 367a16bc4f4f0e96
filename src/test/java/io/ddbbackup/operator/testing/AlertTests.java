package io.ddbbackup.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The promtool unit tests of the chart's alerts ({@code src/test/resources/alerts/*.test.yaml}) and
 * the alerts they test ({@code charts/dynamodb-backup-operator/files/alerts.yaml}), read as YAML.
 */
public final class AlertTests {

  /** The chart's alerting rules, as the chart ships them (before the job name is filled in). */
  public static final String RULES = "charts/dynamodb-backup-operator/files/alerts.yaml";

  /** Where the promtool test files live; each names {@code rules.yaml}, the rendered rules. */
  public static final String DIR = "src/test/resources/alerts";

  /** One {@code input_series} entry: the series selector as written. */
  public record Series(Path file, String group, String series) {}

  /**
   * One {@code alert_rule_test} entry: at {@code evalTime} into its group, {@code alertname} is
   * expected to be firing (with at least one alert) or silent (none).
   */
  public record Case(
      Path file,
      String group,
      Duration interval,
      String alertname,
      Duration evalTime,
      boolean fires) {}

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

  private AlertTests() {}

  /** Every promtool test file, sorted. */
  public static List<Path> files() {
    Path dir = Tools.projectRoot().resolve(DIR);
    try (Stream<Path> listed = Files.list(dir)) {
      return listed
          .filter(p -> p.getFileName().toString().endsWith(".test.yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the alerts alerts.yaml defines, in order. */
  public static List<String> shippedAlerts() {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> group : list(load(Tools.projectRoot().resolve(RULES)), "groups")) {
      for (Map<String, Object> rule : list(group, "rules")) {
        if (rule.get("alert") != null) {
          names.add(String.valueOf(rule.get("alert")));
        }
      }
    }
    return names;
  }

  public static List<Series> inputSeries() {
    List<Series> all = new ArrayList<>();
    for (Path file : files()) {
      for (Map<String, Object> group : list(load(file), "tests")) {
        for (Map<String, Object> series : list(group, "input_series")) {
          all.add(new Series(file, name(group), String.valueOf(series.get("series"))));
        }
      }
    }
    return all;
  }

  public static List<Case> cases() {
    List<Case> all = new ArrayList<>();
    for (Path file : files()) {
      Map<String, Object> doc = load(file);
      // promtool's evaluation_interval defaults to 1m
      Duration interval = duration(String.valueOf(doc.getOrDefault("evaluation_interval", "1m")));
      for (Map<String, Object> group : list(doc, "tests")) {
        for (Map<String, Object> c : list(group, "alert_rule_test")) {
          Object expected = c.get("exp_alerts");
          boolean fires = expected instanceof List<?> alerts && !alerts.isEmpty();
          all.add(
              new Case(
                  file,
                  name(group),
                  interval,
                  String.valueOf(c.get("alertname")),
                  duration(String.valueOf(c.get("eval_time"))),
                  fires));
        }
      }
    }
    return all;
  }

  /** A Prometheus duration such as {@code 90s}, {@code 15m} or {@code 1h30m}. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
              });
      end = m.end();
    }
    if (end == 0 || end != text.length()) {
      throw new IllegalArgumentException("not a Prometheus duration: '" + text + "'");
    }
    return total;
  }

  private static String name(Map<String, Object> group) {
    return String.valueOf(group.getOrDefault("name", "(unnamed)"));
  }

  private static Map<String, Object> load(Path file) {
    try {
      return new Yaml().load(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }
}
