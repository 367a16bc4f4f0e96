package io.ddbbackup.operator.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IncrementalPeriodTest {

  static Stream<Arguments> periods() {
    return Stream.of(
        arguments("15m", Duration.ofMinutes(15), null),
        arguments("1h", Duration.ofHours(1), null),
        arguments("1h30m", Duration.ofMinutes(90), null),
        arguments("24h", Duration.ofHours(24), null),
        arguments("", null, null),
        arguments(
            "14m",
            null,
            "spec.export.incrementalPeriod \"14m\" is outside DynamoDB's bounds for an incremental"
                + " export: use 15m to 24h"),
        arguments(
            "24h1m",
            null,
            "spec.export.incrementalPeriod \"24h1m\" is outside DynamoDB's bounds for an"
                + " incremental export: use 15m to 24h"),
        arguments(
            "PT1H",
            null,
            "spec.export.incrementalPeriod \"PT1H\" is not a period: write hours and minutes, as"
                + " 15m, 1h or 1h30m"),
        arguments(
            "1d",
            null,
            "spec.export.incrementalPeriod \"1d\" is not a period: write hours and minutes, as"
                + " 15m, 1h or 1h30m"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @MethodSource("periods")
  void reads(String text, Duration period, String error) {
    ExportCadence.PeriodParse parse = ExportCadence.parsePeriod(text);
    assertThat(parse.period()).isEqualTo(period);
    assertThat(parse.error()).isEqualTo(error);
  }
}
