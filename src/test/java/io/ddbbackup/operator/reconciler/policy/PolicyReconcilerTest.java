package io.ddbbackup.operator.reconciler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DeletionPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.api.RetentionSpec;
import io.ddbbackup.operator.api.SkippedTable;
import io.ddbbackup.operator.api.TagCondition;
import io.ddbbackup.operator.api.TagConditions;
import io.ddbbackup.operator.backup.BackupStoreException.Failure;
import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A policy's reconcile against a mock API server and a fake DynamoDB catalog. */
@EnableKubernetesMockClient(crud = true)
class PolicyReconcilerTest {

  KubernetesClient client;
  PolicyFixture fx;

  @BeforeEach
  void setUp() {
    fx = new PolicyFixture(client);
  }

  /** backup=daily, and not env=dev. */
  private static void dailyNotDev(io.ddbbackup.operator.api.DynamoDBBackupPolicySpec spec) {
    TagConditions tags = new TagConditions();
    tags.setAllOf(List.of(new TagCondition("backup", "daily")));
    tags.setNoneOf(List.of(new TagCondition("env", "dev")));
    spec.getSelector().setTags(tags);
  }

  /**
   * 30 tables with mixed tags; the expected set is computed here from the tags written:
   * backup=daily on every third, env=dev on every fourth.
   */
  private Set<String> thirtyTables() {
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < 30; i++) {
      Map<String, String> tags = new HashMap<>();
      if (i % 3 == 0) {
        tags.put("backup", "daily");
      }
      if (i % 4 == 0) {
        tags.put("env", "dev");
      }
      String name = "table-%02d".formatted(i);
      fx.catalog.table(name, tags);
      if ("daily".equals(tags.get("backup")) && !"dev".equals(tags.get("env"))) {
        expected.add(name);
      }
    }
    return expected;
  }

  private Map<String, DynamoDBBackupSchedule> byTable() {
    return fx.schedules().stream()
        .collect(Collectors.toMap(s -> s.getSpec().getTableName(), s -> s));
  }

  /**
   * A user edits the policy while its reconcile runs: the status write meets the newer version.
   * That is no failure: the schedules made stay, and the policy is reconciled again a second later,
   * which writes its status.
   */
  @Test
  void aStatusWriteThatMeetsAnEditOfThePolicyIsTriedAgainBySoonAndNothingIsMadeTwice() {
    Set<String> expected = thirtyTables();
    fx.apply("nightly", PolicyReconcilerTest::dailyNotDev);
    fx.beforeNextStatusWrite =
        () ->
            client
                .resources(DynamoDBBackupPolicy.class)
                .inNamespace(PolicyFixture.NAMESPACE)
                .withName("nightly")
                .edit(
                    p -> {
                      p.getMetadata().setLabels(Map.of("team", "payments"));
                      return p;
                    });

    var wake = fx.reconcile("nightly");

    assertThat(wake).contains(PolicyReconciler.CONFLICT_RETRY);
    assertThat(byTable().keySet()).as("what was made stays").isEqualTo(expected);

    fx.reconcile("nightly");

    assertThat(byTable().keySet()).isEqualTo(expected);
    assertThat(fx.schedules()).hasSize(expected.size());
    var status = fx.status("nightly");
    assertThat(status).isNotNull();
    assertThat(status.getCovered()).isEqualTo(expected.size());
  }

  /**
   * The discovery's one DescribeTable finds our rate-limit queue without a permit for a moment
   * (another schedule's check took it): the discovery waits its turn instead of failing and being
   * made again from its first ListTables page (BackupPolicyIT's "one ListTables page" failed so).
   */
  @Test
  void aDescribeTableThatMustWaitItsTurnDoesNotMakeTheDiscoveryListTheTablesAgain() {
    Set<String> expected = thirtyTables();
    fx.apply("nightly", PolicyReconcilerTest::dailyNotDev);
    // DescribeTable is made where tags are read per table: tag:GetResources refused
    fx.catalog.denyGetResources();
    fx.catalog.failNextDescribe(io.ddbbackup.operator.backup.BackupStoreException.Failure.QUEUED);

    fx.reconcile("nightly");
    fx.reconcile("nightly");

    assertThat(byTable().keySet()).isEqualTo(expected);
    assertThat(fx.catalog.listCalls()).as("ListTables pages").isEqualTo(1);
    assertThat(fx.status("nightly").getLastDiscoveryTime()).isNotNull();
  }

  /**
   * Where tag:GetResources is refused the tables are still covered, tags read one table at a time;
   * the status, the Ready message and one Warning say so and name the fix, and the next discovery
   * after the grant reads them in pages again.
   */
  @Test
  void whereTagGetResourcesIsRefusedTablesAreStillCoveredAndTheStatusNamesTheFix() {
    Set<String> expected = thirtyTables();
    fx.catalog.denyGetResources();
    fx.apply("nightly", PolicyReconcilerTest::dailyNotDev);

    fx.reconcile("nightly");
    fx.clock.advance(Duration.ofMinutes(10));
    fx.reconcile("nightly");

    assertThat(byTable().keySet()).isEqualTo(expected);
    assertThat(fx.status("nightly").getTagsReadWith()).isEqualTo("ListTagsOfResource");
    assertThat(fx.ready("nightly").getStatus()).isEqualTo("True");
    assertThat(fx.ready("nightly").getMessage())
        .contains("tag:GetResources was refused")
        .contains("config/iam/policy-discovery-policy.json");
    assertThat(fx.eventReasons())
        .as("said once, not at every discovery")
        .containsOnlyOnce("TagsReadPerTable");
    assertThat(fx.catalog.tagCalls()).as("30 tables, two discoveries").isEqualTo(60);

    fx.catalog.allowGetResources();
    fx.clock.advance(Duration.ofMinutes(10));
    fx.reconcile("nightly");

    assertThat(fx.status("nightly").getTagsReadWith()).isEqualTo("GetResources");
    assertThat(fx.ready("nightly").getMessage()).doesNotContain("GetResources");
    assertThat(fx.catalog.tagCalls()).as("no more per table").isEqualTo(60);
    assertThat(byTable().keySet()).isEqualTo(expected);
  }

  @Test
  void eachSelectedTableGetsExactlyOneScheduleOwnedByThePolicyFromItsTemplate() {
    Set<String> expected = thirtyTables();
    DynamoDBBackupPolicy policy =
        fx.apply(
            "nightly",
            spec -> {
              dailyNotDev(spec);
              RetentionSpec retention = new RetentionSpec();
              retention.setKeepLast(7);
              spec.getTemplate().setRetention(retention);
              spec.getTemplate().setDeletionPolicy(DeletionPolicy.Retain);
            });

    fx.reconcile("nightly");

    List<DynamoDBBackupSchedule> schedules = fx.schedules();
    assertThat(schedules)
        .extracting(s -> s.getSpec().getTableName())
        .containsExactlyInAnyOrderElementsOf(expected);
    for (DynamoDBBackupSchedule s : schedules) {
      assertThat(s.getMetadata().getNamespace()).isEqualTo(PolicyFixture.NAMESPACE);
      assertThat(s.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              ref -> {
                assertThat(ref.getUid()).isEqualTo(policy.getMetadata().getUid());
                assertThat(ref.getKind()).isEqualTo("DynamoDBBackupPolicy");
                assertThat(ref.getController()).isTrue();
              });
      assertThat(s.getMetadata().getLabels())
          .containsEntry(DynamoDBBackupPolicy.POLICY_LABEL, "nightly");
      assertThat(s.getSpec().getRegion()).isEqualTo("eu-west-1");
      assertThat(s.getSpec().getSchedule()).isEqualTo("0 3 * * *");
      assertThat(s.getSpec().getRetention().getKeepLast()).isEqualTo(7);
      assertThat(s.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Retain);
    }
    var status = fx.status("nightly");
    assertThat(status.getMatched()).isEqualTo(expected.size());
    assertThat(status.getCovered()).isEqualTo(expected.size());
    assertThat(status.getSkipped()).isZero();
    assertThat(fx.ready("nightly").getStatus()).isEqualTo("True");
    assertThat(fx.ready("nightly").getReason()).isEqualTo("Discovered");
    assertThat(fx.eventReasons()).contains("SchedulesGenerated");
  }

  @Test
  void discoveryCostsItsPagesAndNothingIsListedBetweenIntervals() {
    for (int i = 0; i < 250; i++) {
      fx.catalog.table("orders-%03d".formatted(i), Map.of());
    }
    fx.apply(
        "nightly",
        spec -> {
          spec.getSelector().setTableNames(List.of("orders-*"));
          spec.setDiscoveryInterval("10m");
        });

    Duration wake = fx.reconcile("nightly").orElseThrow();
    assertThat(fx.catalog.listCalls()).as("ListTables pages for 250 tables").isEqualTo(3);
    assertThat(fx.catalog.tagCalls()).as("no tag condition: no tags read").isZero();
    assertThat(wake).isEqualTo(Duration.ofMinutes(10));

    // reconciles before the interval (a resync, a schedule's event) list nothing
    fx.clock.advance(Duration.ofMinutes(9));
    fx.reconcile("nightly");
    fx.reconcile("nightly");
    assertThat(fx.catalog.listCalls()).isEqualTo(3);

    fx.clock.advance(Duration.ofMinutes(1));
    fx.reconcile("nightly");
    assertThat(fx.catalog.listCalls()).isEqualTo(6);
    assertThat(fx.schedules()).hasSize(250);
  }

  /** A tag selector: its ListTables and GetResources pages at each interval, nothing between. */
  @Test
  void aTagSelectorCostsItsPagesOfTaggedTablesAndNothingBetweenIntervals() {
    int tagged = 0;
    for (int i = 0; i < 250; i++) {
      Map<String, String> tags = i % 2 == 0 ? Map.of("backup", "daily") : Map.of();
      fx.catalog.table("orders-%03d".formatted(i), tags);
      tagged += tags.isEmpty() ? 0 : 1;
    }
    int pages = (tagged + 99) / 100;
    fx.apply("nightly", PolicyReconcilerTest::dailyNotDev);

    fx.reconcile("nightly");
    assertThat(fx.catalog.listCalls()).as("ListTables pages for 250 tables").isEqualTo(3);
    assertThat(fx.catalog.taggedCalls())
        .as("GetResources pages, %d tagged", tagged)
        .isEqualTo(pages);
    assertThat(fx.catalog.tagCalls() + fx.catalog.describeCalls()).isZero();
    assertThat(fx.status("nightly").getTagsReadWith()).isEqualTo("GetResources");

    fx.clock.advance(Duration.ofMinutes(9));
    fx.reconcile("nightly");
    fx.reconcile("nightly", fx.watched());
    assertThat(fx.catalog.listCalls() + fx.catalog.taggedCalls())
        .as("no call before the interval")
        .isEqualTo(3 + pages);

    fx.clock.advance(Duration.ofMinutes(1));
    fx.reconcile("nightly");
    assertThat(fx.catalog.listCalls() + fx.catalog.taggedCalls()).isEqualTo(2 * (3 + pages));
    assertThat(fx.schedules()).hasSize(tagged);
  }

  @Test
  void aNewTaggedTableIsCoveredAtTheNextIntervalAndAnUntaggedOneLosesItsSchedule() {
    fx.catalog.table("orders", Map.of("backup", "daily"));
    fx.catalog.table("users", Map.of("backup", "daily"));
    fx.apply("nightly", PolicyReconcilerTest::dailyNotDev);
    fx.reconcile("nightly");
    assertThat(byTable().keySet()).containsExactlyInAnyOrder("orders", "users");

    fx.catalog.table("payments", Map.of("backup", "daily"));
    fx.catalog.table("users", Map.of());
    fx.reconcile("nightly");
    assertThat(byTable().keySet())
        .as("nothing before the interval")
        .containsExactlyInAnyOrder("orders", "users");

    fx.clock.advance(Duration.ofMinutes(10));
    fx.reconcile("nightly");
    assertThat(byTable().keySet()).containsExactlyInAnyOrder("orders", "payments");
    assertThat(fx.status("nightly").getCovered()).isEqualTo(2);
  }

  @Test
  void aGeneratedScheduleDeletedByHandComesBackAtOnceWithoutAListing() {
    fx.catalog.table("orders", Map.of("backup", "daily"));
    fx.catalog.table("users", Map.of("backup", "daily"));
    fx.apply("nightly", PolicyReconcilerTest::dailyNotDev);
    fx.reconcile("nightly");
    DynamoDBBackupSchedule users = byTable().get("users");
    int listed = fx.catalog.listCalls();

    client.resource(users).delete();
    assertThat(byTable().keySet()).containsExactly("orders");
    fx.clock.advance(Duration.ofMinutes(1));
    fx.reconcile("nightly"); // as the watch on generated schedules wakes it

    assertThat(byTable().keySet()).containsExactlyInAnyOrder("orders", "users");
    assertThat(byTable().get("users").getMetadata().getName())
        .isEqualTo(users.getMetadata().getName());
    assertThat(fx.catalog.listCalls()).as("no listing before the interval").isEqualTo(listed);
    assertThat(fx.status("nightly").getCovered()).isEqualTo(2);
  }

  /**
   * Each generated schedule's Ready change wakes the policy: thousands of reconciles while a large
   * policy's schedules start. Between discoveries they read the schedules from the watch and list
   * nothing, neither the policy's schedules nor every schedule of the cluster.
   */
  @Test
  void aReconcileBetweenDiscoveriesReadsTheWatchedSchedulesAndListsNoSchedule() {
    Set<String> expected = thirtyTables();
    fx.apply("nightly", PolicyReconcilerTest::dailyNotDev);
    fx.reconcile("nightly");
    fx.listsOfAll.set(0);
    fx.listsOfOwn.set(0);

    for (int i = 0; i < 3; i++) {
      fx.clock.advance(Duration.ofSeconds(20));
      fx.reconcile("nightly", fx.watched());
    }

    assertThat(fx.listsOfOwn.get() + fx.listsOfAll.get())
        .as("schedule LISTs in three reconciles between discoveries")
        .isZero();
    assertThat(byTable().keySet()).isEqualTo(expected);
    assertThat(fx.status("nightly").getCovered()).isEqualTo(expected.size());
  }

  @Test
  void aGeneratedScheduleDeletedByHandComesBackFromAReconcileOfTheWatchedSchedules() {
    fx.catalog.table("orders", Map.of("backup", "daily"));
    fx.catalog.table("users", Map.of("backup", "daily"));
    fx.apply("nightly", PolicyReconcilerTest::dailyNotDev);
    fx.reconcile("nightly");
    DynamoDBBackupSchedule users = byTable().get("users");
    client.resource(users).delete();
    fx.listsOfAll.set(0);

    fx.clock.advance(Duration.ofMinutes(1));
    fx.reconcile("nightly", fx.watched());

    assertThat(byTable().keySet()).containsExactlyInAnyOrder("orders", "users");
    assertThat(fx.listsOfAll.get()).as("the plan made again, against every schedule").isOne();
  }

  /**
   * The watch can lag this process's own creates by a moment: a schedule it does not hold yet is
   * looked for on the API server (one LIST) and not made a second time.
   */
  @Test
  void aGeneratedScheduleTheWatchHasNotSeenYetIsNotMadeAgain() {
    fx.catalog.table("orders", Map.of("backup", "daily"));
    fx.catalog.table("users", Map.of("backup", "daily"));
    fx.apply("nightly", PolicyReconcilerTest::dailyNotDev);
    fx.reconcile("nightly");
    Set<DynamoDBBackupSchedule> lagging = fx.watched();
    lagging.removeIf(s -> s.getSpec().getTableName().equals("users"));
    fx.listsOfAll.set(0);
    fx.listsOfOwn.set(0);

    fx.clock.advance(Duration.ofSeconds(5));
    fx.reconcile("nightly", lagging);

    assertThat(fx.schedules()).hasSize(2);
    assertThat(fx.listsOfOwn.get()).isOne();
    assertThat(fx.listsOfAll.get()).as("nothing to plan: both are there").isZero();
    assertThat(fx.status("nightly").getCovered()).isEqualTo(2);
  }

  @Test
  void theDiscoverNowAnnotationListsOncePerValue() {
    fx.catalog.table("orders", Map.of());
    fx.apply("nightly", spec -> {});
    fx.reconcile("nightly");
    int calls = fx.catalog.listCalls();
    fx.catalog.table("users", Map.of());

    annotate("nightly", "1");
    fx.reconcile("nightly");
    assertThat(fx.catalog.listCalls()).isEqualTo(calls + 1);
    assertThat(byTable().keySet()).containsExactlyInAnyOrder("orders", "users");

    fx.reconcile("nightly");
    assertThat(fx.catalog.listCalls()).as("the same value again: no listing").isEqualTo(calls + 1);
  }

  @Test
  void aTableAHandWrittenScheduleCoversGetsNoSecondAndIsReported() {
    fx.catalog.table("orders", Map.of("backup", "daily"));
    fx.catalog.table("users", Map.of("backup", "daily"));
    fx.handWritten("shop", "orders-hourly", "orders");
    fx.apply("nightly", PolicyReconcilerTest::dailyNotDev);

    fx.reconcile("nightly");

    List<DynamoDBBackupSchedule> ordersSchedules =
        fx.schedules().stream().filter(s -> s.getSpec().getTableName().equals("orders")).toList();
    assertThat(ordersSchedules)
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("orders-hourly");
    var status = fx.status("nightly");
    assertThat(status.getMatched()).isEqualTo(2);
    assertThat(status.getCovered()).isEqualTo(1);
    assertThat(status.getSkipped()).isEqualTo(1);
    assertThat(status.getSkippedTables())
        .containsExactly(
            new SkippedTable(
                "orders", "CoveredElsewhere", "backed up by schedule shop/orders-hourly"));
    assertThat(fx.eventReasons()).contains("TablesSkipped");
    assertThat(fx.told.get("nightly"))
        .as("the metrics: a table covered elsewhere has a schedule")
        .isEqualTo(new PolicyMetrics.Tables(2, 1, 1, 0, 0));
  }

  @Test
  void twoPoliciesMatchingOneTableGiveItOneSchedule() {
    fx.catalog.table("orders", Map.of("backup", "daily"));
    fx.apply("nightly", PolicyReconcilerTest::dailyNotDev);
    fx.apply("second", PolicyReconcilerTest::dailyNotDev);
    fx.reconcile("nightly");
    fx.reconcile("second");
    fx.clock.advance(Duration.ofMinutes(10));
    fx.reconcile("second");
    fx.reconcile("nightly");

    assertThat(fx.schedules()).hasSize(1);
    assertThat(fx.status("second").getSkippedTables())
        .extracting(SkippedTable::getReason)
        .containsExactly("CoveredElsewhere");
  }

  @Test
  void aTemplateChangeReachesEveryScheduleAndAHandEditIsPutBack() {
    for (String t : List.of("orders", "users", "payments")) {
      fx.catalog.table(t, Map.of());
    }
    fx.apply("nightly", spec -> {});
    fx.reconcile("nightly");
    int calls = fx.catalog.listCalls();

    fx.edit("nightly", spec -> spec.getTemplate().setSchedule("30 1 * * *"));
    fx.reconcile("nightly");
    assertThat(fx.schedules())
        .hasSize(3)
        .allSatisfy(s -> assertThat(s.getSpec().getSchedule()).isEqualTo("30 1 * * *"));

    DynamoDBBackupSchedule users = byTable().get("users");
    client
        .resources(DynamoDBBackupSchedule.class)
        .inNamespace(PolicyFixture.NAMESPACE)
        .withName(users.getMetadata().getName())
        .edit(
            s -> {
              s.getSpec().setSuspend(true);
              return s;
            });
    int before = fx.catalog.listCalls();
    fx.reconcile("nightly");
    assertThat(byTable().get("users").getSpec().getSuspend()).isNull();
    assertThat(byTable().get("users").getSpec().getSchedule()).isEqualTo("30 1 * * *");
    assertThat(fx.catalog.listCalls()).as("putting back lists nothing").isEqualTo(before);
    assertThat(calls).isPositive();
  }

  @Test
  void aTableTheTenancyPolicyRefusesIsSkippedAndReported() {
    fx.useTenancy(
        new TenancyPolicy(
            List.of(new TenancyPolicy.Rule(List.of("platform"), List.of("orders*"), null)),
            "tenancy.yaml"));
    fx.catalog.table("orders", Map.of()).table("billing", Map.of());
    fx.apply("nightly", spec -> {});

    fx.reconcile("nightly");

    assertThat(byTable().keySet()).containsExactly("orders");
    assertThat(fx.status("nightly").getSkippedTables())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getTableName()).isEqualTo("billing");
              assertThat(s.getReason()).isEqualTo("NotPermitted");
              assertThat(s.getMessage()).contains("tenancy.yaml", "billing");
            });
    assertThat(fx.told.get("nightly").uncovered())
        .as("the refused table is selected and has no schedule at all")
        .isEqualTo(1);
  }

  @Test
  void anIntervalUnderAMinuteIsAnInvalidSpecNamingTheFieldAndNothingIsListed() {
    fx.catalog.table("orders", Map.of());
    fx.apply("nightly", spec -> spec.setDiscoveryInterval("30s"));

    assertThat(fx.reconcile("nightly")).isEmpty();

    assertThat(fx.ready("nightly").getReason()).isEqualTo("InvalidSpec");
    assertThat(fx.ready("nightly").getMessage()).contains("spec.discoveryInterval", "1m");
    assertThat(fx.catalog.listCalls()).isZero();
    assertThat(fx.schedules()).isEmpty();
  }

  @Test
  void aRefusedDiscoveryIsReportedAndKeepsTheSchedulesItMade() {
    fx.catalog.table("orders", Map.of());
    fx.apply("nightly", spec -> {});
    fx.reconcile("nightly");
    fx.clock.advance(Duration.ofMinutes(10));
    fx.catalog.failNext(Failure.ACCESS_DENIED);

    Duration retry = fx.reconcile("nightly").orElseThrow();

    assertThat(fx.ready("nightly").getStatus()).isEqualTo("False");
    assertThat(fx.ready("nightly").getReason()).isEqualTo("AccessDenied");
    assertThat(byTable().keySet()).containsExactly("orders");
    assertThat(retry).isEqualTo(Duration.ofMinutes(1));
  }

  private void annotate(String name, String value) {
    client
        .resources(DynamoDBBackupPolicy.class)
        .inNamespace(PolicyFixture.NAMESPACE)
        .withName(name)
        .edit(
            p -> {
              Map<String, String> a = new HashMap<>();
              if (p.getMetadata().getAnnotations() != null) {
                a.putAll(p.getMetadata().getAnnotations());
              }
              a.put(DynamoDBBackupPolicy.DISCOVER_NOW_ANNOTATION, value);
              p.getMetadata().setAnnotations(a);
              return p;
            });
  }

  @SuppressWarnings("unused")
  private static List<String> names(List<DynamoDBBackupSchedule> s) {
    return new ArrayList<>(s.stream().map(x -> x.getMetadata().getName()).toList());
  }

  @Test
  void aDiscoveryTheClientSideQuotaQueuedIsTriedAgainWithinASecondAndIsNoFailure() {
    fx.catalog.table("orders", Map.of());
    fx.apply("nightly", spec -> {});
    fx.catalog.failNext(Failure.QUEUED);

    Duration retry = fx.reconcile("nightly").orElseThrow();

    assertThat(retry).isLessThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(fx.eventReasons()).doesNotContain("DiscoveryFailed", "Throttled");
    assertThat(fx.schedules()).isEmpty();
    fx.clock.advance(retry);
    fx.reconcile("nightly");
    assertThat(byTable().keySet()).containsExactly("orders");
    assertThat(fx.ready("nightly").getReason()).isEqualTo("Discovered");
  }
}
