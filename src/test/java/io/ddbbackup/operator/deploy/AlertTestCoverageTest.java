package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.testing.AlertTests;
import io.ddbbackup.operator.testing.AlertTests.Case;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every alert the chart ships has promtool tests (run by AlertRulesIT) that pin its threshold: a
 * test group where the alert is silent at one evaluation and firing at the next, on the same input
 * series. An alert added without such a test, or a test naming an alert that does not exist (which
 * promtool would pass as "silent"), fails the build.
 */
class AlertTestCoverageTest {

  @Test
  void everyShippedAlertIsSilentJustBeforeItFiresInSomeTest() {
    List<String> shipped = AlertTests.shippedAlerts();
    List<Case> cases = AlertTests.cases();
    assertThat(shipped).isNotEmpty();

    for (String alert : shipped) {
      List<Case> mine = cases.stream().filter(c -> c.alertname().equals(alert)).toList();
      boolean pinned =
          mine.stream()
              .filter(Case::fires)
              .anyMatch(
                  firing ->
                      mine.stream()
                          .anyMatch(
                              silent ->
                                  !silent.fires()
                                      && silent.file().equals(firing.file())
                                      && silent.group().equals(firing.group())
                                      && silent
                                          .evalTime()
                                          .plus(silent.interval())
                                          .equals(firing.evalTime())));
      assertThat(pinned)
          .as(
              "alert %s needs a promtool test group in %s where it is silent at one eval_time and"
                  + " fires one evaluation_interval later (see docs/observability.md)",
              alert, AlertTests.DIR)
          .isTrue();
    }
  }

  @Test
  void everyTestedAlertIsOneTheChartShips() {
    List<String> shipped = AlertTests.shippedAlerts();

    assertThat(AlertTests.cases())
        .isNotEmpty()
        .allSatisfy(
            c ->
                assertThat(shipped)
                    .as("%s (%s) tests alert %s", c.file().getFileName(), c.group(), c.alertname())
                    .contains(c.alertname()));
  }
}
