package io.ddbbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CronScheduleParseTest {

  static Stream<Arguments> validSpecs() {
    return Stream.of(
        arguments("a plain nightly cron in UTC", "0 3 * * *", null, "0 3 * * *", ZoneOffset.UTC),
        arguments("an empty time zone means UTC", "0 3 * * *", "", "0 3 * * *", ZoneOffset.UTC),
        arguments(
            "extra whitespace is tolerated",
            "  0\t3  * * *  ",
            "UTC",
            "0 3 * * *",
            ZoneId.of("UTC")),
        arguments("@hourly is every hour", "@hourly", null, "0 * * * *", ZoneOffset.UTC),
        arguments("@daily is midnight", "@daily", null, "0 0 * * *", ZoneOffset.UTC),
        arguments("@midnight is midnight", "@midnight", null, "0 0 * * *", ZoneOffset.UTC),
        arguments("@weekly is Sunday midnight", "@weekly", null, "0 0 * * 0", ZoneOffset.UTC),
        arguments("@monthly is the first", "@monthly", null, "0 0 1 * *", ZoneOffset.UTC),
        arguments("@yearly is New Year", "@yearly", null, "0 0 1 1 *", ZoneOffset.UTC),
        arguments("@annually is New Year", "@annually", null, "0 0 1 1 *", ZoneOffset.UTC),
        arguments("macros ignore case", "@Daily", null, "0 0 * * *", ZoneOffset.UTC),
        arguments(
            "names of months and days are allowed",
            "0 0 * JAN-MAR MON-FRI",
            "Europe/Berlin",
            "0 0 * JAN-MAR MON-FRI",
            ZoneId.of("Europe/Berlin")),
        arguments("February 29 fires, if rarely", "0 0 29 2 *", null, "0 0 29 2 *", ZoneOffset.UTC),
        arguments(
            "an Etc zone is an IANA zone",
            "0 3 * * *",
            "Etc/GMT-2",
            "0 3 * * *",
            ZoneId.of("Etc/GMT-2")),
        arguments(
            "Etc/UTC is accepted", "0 3 * * *", "Etc/UTC", "0 3 * * *", ZoneId.of("Etc/UTC")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSpecs")
  void acceptsValidSpecs(
      String name, String schedule, String timeZone, String expression, ZoneId zone) {
    CronSchedule cron = CronSchedule.parse(schedule, timeZone).validSchedule().orElseThrow();

    assertThat(cron.expression()).isEqualTo(expression);
    assertThat(cron.zone()).isEqualTo(zone);
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        arguments(
            "a 4-field cron is rejected and the count is named",
            "0 3 * *",
            null,
            "spec.schedule \"0 3 * *\" is not a valid 5-field cron expression: it has 4 fields"),
        arguments(
            "a 6-field cron with seconds is rejected and the count is named",
            "0 0 3 * * *",
            null,
            "spec.schedule \"0 0 3 * * *\" is not a valid 5-field cron expression: it has 6"
                + " fields"),
        arguments(
            "a minute out of range is rejected with the parser's reason",
            "60 3 * * *",
            null,
            "spec.schedule \"60 3 * * *\" is not a valid 5-field cron expression: Value 60 not"
                + " in range [0, 59]"),
        arguments(
            "a date that does not exist never fires",
            "0 0 30 2 *",
            null,
            "spec.schedule \"0 0 30 2 *\" never fires"),
        arguments(
            "the 31st of short months never fires",
            "0 0 31 4,6,9,11 *",
            null,
            "spec.schedule \"0 0 31 4,6,9,11 *\" never fires"),
        arguments(
            "@reboot is not a schedule",
            "@reboot",
            null,
            "spec.schedule \"@reboot\" is not supported: use a 5-field cron expression or one of"
                + " @hourly"),
        arguments(
            "@every is not classic cron",
            "@every 5m",
            null,
            "spec.schedule \"@every 5m\" is not supported"),
        arguments("a missing schedule is required", null, null, "spec.schedule is required"),
        arguments("a blank schedule is required", "   ", null, "spec.schedule is required"),
        arguments(
            "Quartz extensions are not classic cron",
            "0 0 L * *",
            null,
            "spec.schedule \"0 0 L * *\" is not a valid 5-field cron expression"),
        arguments(
            "digits from other scripts are not read as numbers",
            "٠ ٣ * * *",
            null,
            "spec.schedule \"٠ ٣ * * *\" is not a valid 5-field cron expression: character"
                + " U+0660 is not allowed"),
        arguments(
            "a misspelt zone is not a known IANA time zone",
            "0 3 * * *",
            "Europe/Berln",
            "spec.timeZone \"Europe/Berln\" is not a known IANA time zone"),
        arguments(
            "zone ids are case-sensitive",
            "0 3 * * *",
            "europe/berlin",
            "spec.timeZone \"europe/berlin\" is not a known IANA time zone"),
        arguments(
            "a raw offset is not a time zone",
            "0 3 * * *",
            "+02:00",
            "spec.timeZone \"+02:00\" is a fixed UTC offset, not an IANA time zone: use a region"
                + " such as \"Europe/Berlin\", or \"UTC\""),
        arguments(
            "a GMT-prefixed offset is not a time zone",
            "0 3 * * *",
            "GMT+2",
            "spec.timeZone \"GMT+2\" is a fixed UTC offset"),
        arguments(
            "a UTC-prefixed offset is not a time zone",
            "0 3 * * *",
            "UTC+01:00",
            "spec.timeZone \"UTC+01:00\" is a fixed UTC offset"),
        arguments("Z is an offset, not a zone", "0 3 * * *", "Z", "spec.timeZone \"Z\" is a fixed"),
        arguments(
            "a very long schedule is refused before parsing and shown shortened",
            "1,".repeat(5_000) + "1 * * * *",
            null,
            "spec.schedule \"1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,…\""
                + " is too long (10009 characters, at most 512)"),
        arguments(
            "control characters are shown escaped",
            "0 3 * * *",
            "Europe/Berlin\n",
            "spec.timeZone \"Europe/Berlin\\u000a\" is not a known IANA time zone"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void rejectsInvalidSpecsWithAMessageNamingTheField(
      String name, String schedule, String timeZone, String message) {
    ScheduleParse parse = CronSchedule.parse(schedule, timeZone);

    assertThat(parse.validSchedule()).isEmpty();
    assertThat(parse.errorMessage()).hasValueSatisfying(m -> assertThat(m).startsWith(message));
  }

  static Stream<Arguments> hostileInputs() {
    return Stream.of(
        arguments("a step of zero", "*/0 * * * *", null),
        arguments("a reversed range", "5-1 * * * *", null),
        arguments("a huge step", "0-59/100000000000 * * * *", null),
        arguments("a huge number", "99999999999999999999 * * * *", null),
        arguments("empty list items", ",,, * * * *", null),
        arguments("a dangling range", "- * * * *", null),
        arguments("a dangling step", "/ * * * *", null),
        arguments("a question mark", "0 0 ? * *", null),
        arguments("emoji", "0 3 * * 🙂", null),
        arguments("a NUL character", "0 3 * * *\u0000", null),
        arguments("only an at sign", "@", null),
        arguments("a path as a zone", "0 3 * * *", "../../etc/passwd"),
        arguments("a NUL character as a zone", "0 3 * * *", "\u0000"),
        arguments("a very long zone", "0 3 * * *", "Europe/" + "x".repeat(10_000)),
        arguments("a Unicode zone", "0 3 * * *", "Europe/Zürich"),
        arguments("a whitespace zone", "0 3 * * *", "   "),
        arguments("a very long string of spaces", " ".repeat(10_000), null),
        arguments("ten thousand fields", "* ".repeat(10_000), null));
  }

  @ParameterizedTest(name = "{0} is reported, not thrown")
  @MethodSource("hostileInputs")
  void hostileInputIsReportedNotThrown(String name, String schedule, String timeZone) {
    ScheduleParse parse = CronSchedule.parse(schedule, timeZone);

    assertThat(parse).isInstanceOf(ScheduleParse.Invalid.class);
    assertThat(parse.errorMessage().orElseThrow()).startsWith("spec.").hasSizeLessThan(400);
  }

  @Test
  void randomCronLikeTextNeverThrows() {
    Random random = new Random(20260329L);
    String alphabet = "0123456789*,-/ JANMONSUL?#W";
    for (int i = 0; i < 3_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = 1 + random.nextInt(30);
      for (int c = 0; c < length; c++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      ScheduleParse parse = CronSchedule.parse(text.toString(), "Europe/Berlin");
      assertThat(parse.validSchedule().isPresent() ^ parse.errorMessage().isPresent())
          .as("exactly one of schedule or message for %s", text)
          .isTrue();
    }
  }
}
