package io.ddbbackup.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.backup.TableTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One discovery over a fleet: the tables it selects and the calls it costs. */
class DiscoveryTest {

  private static final TableTarget SCOPE = TableTarget.anyTable("eu-west-1", null);

  /**
   * 250 tables: every third tagged backup=daily, every fifth env=dev. The expected set, and the
   * pages it costs, are computed here from the tags written, not by the selector.
   */
  @Test
  void selectsExactlyTheTablesTheTagsDescribeReadingTagsInPages() {
    FakeTableCatalog catalog = new FakeTableCatalog();
    List<String> expected = fleetOf250(catalog);
    int tagged = countTagged(250);
    assertThat(Discovery.selected(catalog, SCOPE, DAILY_NOT_DEV)).isEqualTo(expected);
    assertThat(catalog.listCalls()).as("ListTables pages for 250 tables").isEqualTo(3);
    assertThat(catalog.taggedCalls())
        .as("GetResources pages for %d tagged tables", tagged)
        .isEqualTo((tagged + 99) / 100);
    assertThat(catalog.tagCalls()).as("no ListTagsOfResource").isZero();
    assertThat(catalog.describeCalls()).as("no DescribeTable").isZero();
  }

  @Test
  void whereGetResourcesIsRefusedTagsAreReadPerTableAndTheResultSaysWhy() {
    FakeTableCatalog catalog = new FakeTableCatalog().denyGetResources();
    List<String> expected = fleetOf250(catalog);
    Discovery.Result found = Discovery.discover(catalog, SCOPE, DAILY_NOT_DEV);
    assertThat(found.selected()).isEqualTo(expected);
    assertThat(found.tagSource()).isEqualTo(Discovery.TagSource.ListTagsOfResource);
    assertThat(found.tagSourceWhy()).contains("tag:GetResources");
    assertThat(catalog.taggedCalls()).as("the one refused GetResources").isEqualTo(1);
    assertThat(catalog.listCalls()).as("ListTables pages for 250 tables").isEqualTo(3);
    assertThat(catalog.tagCalls()).as("one ListTagsOfResource per table").isEqualTo(250);
    assertThat(catalog.describeCalls()).as("one DescribeTable for the account").isEqualTo(1);
  }

  /** Issue 25's gate: pages, not a call per table, where tagging is allowed. */
  @Test
  void fiveThousandTablesCostTheirPagesNotACallEach() {
    FakeTableCatalog catalog = new FakeTableCatalog();
    List<String> expected = new ArrayList<>();
    int tagged = 0;
    for (int i = 0; i < 5000; i++) {
      String name = "t%04d".formatted(i);
      Map<String, String> tags =
          i % 5 == 0 ? Map.of("backup", "daily") : i % 7 == 0 ? Map.of("env", "dev") : Map.of();
      catalog.table(name, tags);
      tagged += tags.isEmpty() ? 0 : 1;
      if (i % 5 == 0) {
        expected.add(name);
      }
    }
    Selection daily = new Selection(null, List.of(new TagRule("backup", "daily")), null, null);
    assertThat(Discovery.selected(catalog, SCOPE, daily)).isEqualTo(expected);
    assertThat(catalog.listCalls() + catalog.taggedCalls() + catalog.tagCalls())
        .as("calls for 5,000 tables, %d of them tagged", tagged)
        .isEqualTo(5000 / 100 + (tagged + 99) / 100);
  }

  /**
   * GetResources answers a table whose tags were all removed (with none) and never a table that was
   * never tagged: both count as untagged, so noneOf selects them and allOf does not.
   */
  @Test
  void tablesInNoPageAndTablesOnceTaggedCountAsUntagged() {
    FakeTableCatalog catalog = new FakeTableCatalog();
    catalog.table("never", Map.of());
    catalog.table("once", Map.of("backup", "skip")).table("once", Map.of());
    catalog.table("skipped", Map.of("backup", "skip"));
    assertThat(
            Discovery.selected(
                catalog,
                SCOPE,
                new Selection(null, null, null, List.of(new TagRule("backup", "skip")))))
        .containsExactly("never", "once");
    assertThat(
            Discovery.selected(
                catalog,
                SCOPE,
                new Selection(null, List.of(new TagRule("backup", "*")), null, null)))
        .containsExactly("skipped");
  }

  @Test
  void aFailureOtherThanARefusalFailsTheDiscoveryInsteadOfReadingPerTable() {
    FakeTableCatalog catalog = new FakeTableCatalog();
    fleetOf250(catalog);
    catalog.failNext(Failure.THROTTLED);
    assertThatThrownBy(() -> Discovery.discover(catalog, SCOPE, DAILY_NOT_DEV))
        .isInstanceOfSatisfying(
            BackupStoreException.class, e -> assertThat(e.failure()).isEqualTo(Failure.THROTTLED));
    assertThat(catalog.tagCalls()).isZero();
  }

  private static final Selection DAILY_NOT_DEV =
      new Selection(
          null, List.of(new TagRule("backup", "daily")), null, List.of(new TagRule("env", "dev")));

  /** Tables t000..t249 tagged as the class comment says; the names backup=daily and not env=dev. */
  private static List<String> fleetOf250(FakeTableCatalog catalog) {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      String name = "t%03d".formatted(i);
      boolean daily = i % 3 == 0;
      boolean dev = i % 5 == 0;
      catalog.table(
          name,
          daily && dev
              ? Map.of("backup", "daily", "env", "dev")
              : daily ? Map.of("backup", "daily") : dev ? Map.of("env", "dev") : Map.of());
      if (daily && !dev) {
        expected.add(name);
      }
    }
    return expected;
  }

  private static int countTagged(int tables) {
    int tagged = 0;
    for (int i = 0; i < tables; i++) {
      tagged += i % 3 == 0 || i % 5 == 0 ? 1 : 0;
    }
    return tagged;
  }

  @Test
  void aSelectorOfNamesAloneCostsOnePagePerHundredTablesAndReadsNoTags() {
    FakeTableCatalog catalog = new FakeTableCatalog();
    for (int i = 0; i < 1000; i++) {
      catalog.table((i % 2 == 0 ? "orders-" : "users-") + "%04d".formatted(i), Map.of());
    }
    List<String> selected =
        Discovery.selected(catalog, SCOPE, new Selection(List.of("orders-*"), null, null, null));
    assertThat(selected).hasSize(500).allMatch(n -> n.startsWith("orders-"));
    assertThat(catalog.listCalls()).isEqualTo(10);
    assertThat(catalog.tagCalls()).isZero();
  }

  @Test
  void perTableTagsAreReadOnlyForTablesWhoseNameMatches() {
    FakeTableCatalog catalog = new FakeTableCatalog().denyGetResources();
    for (int i = 0; i < 300; i++) {
      catalog.table((i < 30 ? "orders-" : "users-") + "%03d".formatted(i), Map.of("backup", "on"));
    }
    List<String> selected =
        Discovery.selected(
            catalog,
            SCOPE,
            new Selection(List.of("orders-*"), List.of(new TagRule("backup", "on")), null, null));
    assertThat(selected).hasSize(30);
    assertThat(catalog.tagCalls()).isEqualTo(30);
  }

  @Test
  void perTableATableDeletedBetweenListingAndTaggingIsNotSelectedAndTheRestAre() {
    FakeTableCatalog catalog =
        new FakeTableCatalog() {
          @Override
          public synchronized Map<String, String> tags(TableTarget scope, String tableArn) {
            if (tableArn.endsWith("/b")) {
              drop("b");
            }
            return super.tags(scope, tableArn);
          }
        };
    catalog.denyGetResources();
    catalog.table("a", Map.of("k", "v")).table("b", Map.of("k", "v")).table("c", Map.of("k", "v"));
    assertThat(
            Discovery.selected(
                catalog, SCOPE, new Selection(null, List.of(new TagRule("k", "v")), null, null)))
        .containsExactly("a", "c");
  }
}
