package io.ddbbackup.operator.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetentionPolicyValidationTest {

  static Stream<Arguments> specs() {
    return Stream.of(
        arguments(
            "no retention rule is valid and keeps everything",
            new Integer[] {null, null, null, null},
            null,
            List.of(),
            new RetentionPolicy(null, null, null, null, null)),
        arguments(
            "every rule set is read as given",
            new Integer[] {7, 7, 4, 12},
            "30d",
            List.of(),
            new RetentionPolicy(7, Duration.ofDays(30), 7, 4, 12)),
        arguments(
            "a count of one is the smallest allowed",
            new Integer[] {1, null, null, null},
            null,
            List.of(),
            new RetentionPolicy(1, null, null, null, null)),
        arguments(
            "keepLast zero is rejected by name",
            new Integer[] {0, null, null, null},
            null,
            List.of("spec.retention.keepLast must be at least 1, got 0"),
            null),
        arguments(
            "negative counts are rejected for every calendar rule",
            new Integer[] {null, -1, -2, -3},
            null,
            List.of(
                "spec.retention.keepDaily must be at least 1, got -1",
                "spec.retention.keepWeekly must be at least 1, got -2",
                "spec.retention.keepMonthly must be at least 1, got -3"),
            null),
        arguments(
            "a bad maxAge is reported with the bad counts so all are fixed at once",
            new Integer[] {0, null, null, null},
            "30x",
            List.of(
                "spec.retention.keepLast must be at least 1, got 0",
                "spec.retention.maxAge \"30x\" is not a duration: use a whole number followed by"
                    + " s, m, h, d or w (e.g. 30d)"),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void readsTheRetentionSpec(
      String sentence,
      Integer[] counts,
      String maxAge,
      List<String> errors,
      RetentionPolicy expected) {
    RetentionPolicyParse parse =
        RetentionPolicy.parse(counts[0], maxAge, counts[1], counts[2], counts[3]);

    assertThat(parse.errors()).containsExactlyElementsOf(errors);
    assertThat(parse.policy()).isEqualTo(expected);
    assertThat(RetentionPolicy.validate(counts[0], maxAge, counts[1], counts[2], counts[3]))
        .isEqualTo(errors);
  }

  static Stream<Arguments> policies() {
    return Stream.of(
        arguments("no rule at all keeps everything", RetentionPolicy.keepAll(), true),
        arguments(
            "keepLast alone is a rule", new RetentionPolicy(3, null, null, null, null), false),
        arguments(
            "maxAge alone is a rule",
            new RetentionPolicy(null, Duration.ofDays(1), null, null, null),
            false),
        arguments(
            "keepMonthly alone is a rule", new RetentionPolicy(null, null, null, null, 1), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void knowsWhenItKeepsEverything(String sentence, RetentionPolicy policy, boolean keepsAll) {
    assertThat(policy.keepsEverything()).isEqualTo(keepsAll);
  }
}
