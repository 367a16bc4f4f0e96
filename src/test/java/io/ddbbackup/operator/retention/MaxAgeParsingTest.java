package io.ddbbackup.operator.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MaxAgeParsingTest {

  static Stream<Arguments> durations() {
    return Stream.of(
        arguments("days are the usual unit", "30d", Duration.ofDays(30)),
        arguments("hours suit frequent schedules", "12h", Duration.ofHours(12)),
        arguments("weeks are seven days", "2w", Duration.ofDays(14)),
        arguments("minutes are m, not months", "90m", Duration.ofMinutes(90)),
        arguments("seconds are accepted", "45s", Duration.ofSeconds(45)),
        arguments("leading zeros do not change the value", "007d", Duration.ofDays(7)),
        arguments("a very long but representable age is fine", "100000w", Duration.ofDays(700000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("durations")
  void readsAWholeNumberAndAUnit(String sentence, String text, Duration expected) {
    MaxAgeParse parse = RetentionPolicy.parseMaxAge(text);

    assertThat(parse.isValid()).isTrue();
    assertThat(parse.maxAge()).isEqualTo(expected);
  }

  static Stream<Arguments> mistakes() {
    String notADuration =
        " is not a duration: use a whole number followed by s, m, h, d or w (e.g. 30d)";
    return Stream.of(
        arguments(
            "an unknown unit is named in the message",
            "30x",
            "spec.retention.maxAge \"30x\"" + notADuration),
        arguments(
            "a number without a unit is ambiguous",
            "30",
            "spec.retention.maxAge \"30\"" + notADuration),
        arguments(
            "an empty value is not a duration", "", "spec.retention.maxAge \"\"" + notADuration),
        arguments(
            "a negative age is not a duration",
            "-1d",
            "spec.retention.maxAge \"-1d\"" + notADuration),
        arguments(
            "a fraction is not a whole number",
            "1.5d",
            "spec.retention.maxAge \"1.5d\"" + notADuration),
        arguments(
            "upper-case units are not accepted",
            "30D",
            "spec.retention.maxAge \"30D\"" + notADuration),
        arguments(
            "spaces are not accepted", " 30d", "spec.retention.maxAge \" 30d\"" + notADuration),
        arguments(
            "combined units are not accepted",
            "1d12h",
            "spec.retention.maxAge \"1d12h\"" + notADuration),
        arguments(
            "Go-style durations are not accepted",
            "720h0m0s",
            "spec.retention.maxAge \"720h0m0s\"" + notADuration),
        arguments(
            "digits of other scripts are not accepted",
            "\u0663\u0660d",
            "spec.retention.maxAge \"\u0663\u0660d\"" + notADuration),
        arguments(
            "full-width digits are not accepted",
            "\uFF13\uFF10d",
            "spec.retention.maxAge \"\uFF13\uFF10d\"" + notADuration),
        arguments(
            "zero would prune every backup but the newest",
            "0d",
            "spec.retention.maxAge \"0d\" must be longer than zero"),
        arguments(
            "a number too big for a long is rejected",
            "99999999999999999999d",
            "spec.retention.maxAge \"99999999999999999999d\" is too long"),
        arguments(
            "an age whose seconds overflow is rejected",
            "9223372036854775807w",
            "spec.retention.maxAge \"9223372036854775807w\" is too long"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void explainsWhatIsWrongWithTheField(String sentence, String text, String message) {
    MaxAgeParse parse = RetentionPolicy.parseMaxAge(text);

    assertThat(parse.isValid()).isFalse();
    assertThat(parse.maxAge()).isNull();
    assertThat(parse.error()).startsWith(message);
  }
}
