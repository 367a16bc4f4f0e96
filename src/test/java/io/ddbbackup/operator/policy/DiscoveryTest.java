package io.ddbbackup.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.backup.TableTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One discovery over a fleet: the tables it selects and the calls it costs. */
class DiscoveryTest {

  private static final TableTarget SCOPE = TableTarget.anyTable("eu-west-1", null);

  /**
   * 250 tables: every third tagged backup=daily, every fifth env=dev. The expected set is computed
   * here from the tags written, not by the selector.
   */
  @Test
  void selectsExactlyTheTablesTheTagsDescribe() {
    FakeTableCatalog catalog = new FakeTableCatalog();
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
    Selection selection =
        new Selection(
            null,
            List.of(new TagRule("backup", "daily")),
            null,
            List.of(new TagRule("env", "dev")));
    assertThat(Discovery.selected(catalog, SCOPE, selection)).isEqualTo(expected);
    assertThat(catalog.listCalls()).as("ListTables pages for 250 tables").isEqualTo(3);
    assertThat(catalog.tagCalls()).as("one ListTagsOfResource per table").isEqualTo(250);
    assertThat(catalog.describeCalls()).as("one DescribeTable for the account").isEqualTo(1);
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
  void tagsAreReadOnlyForTablesWhoseNameMatches() {
    FakeTableCatalog catalog = new FakeTableCatalog();
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
  void aTableDeletedBetweenListingAndTaggingIsNotSelectedAndTheRestAre() {
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
    catalog.table("a", Map.of("k", "v")).table("b", Map.of("k", "v")).table("c", Map.of("k", "v"));
    assertThat(
            Discovery.selected(
                catalog, SCOPE, new Selection(null, List.of(new TagRule("k", "v")), null, null)))
        .containsExactly("a", "c");
  }
}
