package io.ddbbackup.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackoffTest {

  static Stream<Arguments> looks() {
    return Stream.of(
        Arguments.of("just created: first looked at 5 s after its creation", 0, 5),
        Arguments.of("created 3 s ago: looked at when it is 5 s old", 3, 2),
        Arguments.of("5 s old and still CREATING: every 2 s", 5, 2),
        Arguments.of("40 s old: a quarter of its age", 40, 10),
        Arguments.of("an hour old: once a minute", 3600, 60));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("looks")
  void whenABackupBeingCreatedIsLookedAtNext(String why, int ageSeconds, int nextSeconds) {
    assertThat(Backoff.standard().follow(Duration.ofSeconds(ageSeconds)))
        .isEqualTo(Duration.ofSeconds(nextSeconds));
  }
}
