package io.ddbbackup.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.reconciler.policy.PolicyReconciler;
import io.ddbbackup.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * A DynamoDBBackupPolicy on a real API server, the operator as a process, tables and tags in moto.
 * The expected set of tables is computed here from the tags the test wrote.
 */
class BackupPolicyIT extends E2eEnvironment {

  private static final Duration GENERATION = Duration.ofSeconds(90);

  @AfterEach
  void deletePoliciesFirst() {
    // no garbage collector runs here (kube-apiserver alone): the policy goes first, so that it
    // cannot make again the schedules the base class then deletes
    admin().resources(DynamoDBBackupPolicy.class).inNamespace(ns).delete();
    await("policies in " + ns + " gone")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                admin()
                    .resources(DynamoDBBackupPolicy.class)
                    .inNamespace(ns)
                    .list()
                    .getItems()
                    .isEmpty());
    // a reconcile that read a policy before it went may still be listing tables: the next test
    // counts ListTables, so wait until none runs (a later one reads nothing and calls nothing)
    await("no policy reconcile in flight")
        .atMost(Duration.ofSeconds(60))
        .until(() -> policyReconcilesInFlight() == 0);
  }

  /** JOSDK's gauge of the policy controller's reconciles running now, from /metrics. */
  private static int policyReconcilesInFlight() {
    String gauge = "operator_sdk_reconciliations_executions_" + PolicyReconciler.NAME;
    List<String> lines =
        operator
            .scrapeMetrics()
            .lines()
            .filter(l -> l.startsWith(gauge + "{") || l.startsWith(gauge + " "))
            .toList();
    if (lines.isEmpty()) {
      throw new IllegalStateException("the operator exposes no " + gauge);
    }
    return lines.stream()
        .mapToInt(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private void table(String name, Map<String, String> tags) {
    moto.dynamoDb()
        .createTable(
            t ->
                t.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                        a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .tags(
                        tags.entrySet().stream()
                            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                            .toList()));
  }

  private String arn(String table) {
    return moto.dynamoDb().describeTable(b -> b.tableName(table)).table().tableArn();
  }

  private void applyPolicy(String name, String specYaml) {
    GenericKubernetesResource policy =
        TestCluster.resource("DynamoDBBackupPolicy", ns, name, specYaml);
    admin().resource(policy).create();
  }

  private Map<String, DynamoDBBackupSchedule> generated() {
    return cluster
        .schedules()
        .inNamespace(ns)
        .withLabel(DynamoDBBackupPolicy.POLICY_LABEL)
        .list()
        .getItems()
        .stream()
        .collect(Collectors.toMap(s -> s.getSpec().getTableName(), s -> s));
  }

  /** Backups of {@code table} named as the schedule {@code schedule}'s (its default prefix). */
  private List<String> backupsOf(String table, String schedule) {
    Pattern owned =
        Pattern.compile(Pattern.quote(TestCluster.backupPrefix(ns, schedule)) + "-\\d{8}T\\d{6}Z");
    return moto.backupNames(table).stream().filter(b -> owned.matcher(b).matches()).toList();
  }

  private void discoverNow(String policy, String value) {
    admin()
        .resources(DynamoDBBackupPolicy.class)
        .inNamespace(ns)
        .withName(policy)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"%s\":\"%s\"}}}"
                .formatted(DynamoDBBackupPolicy.DISCOVER_NOW_ANNOTATION, value));
  }

  private DynamoDBBackupPolicy policy(String name) {
    return admin().resources(DynamoDBBackupPolicy.class).inNamespace(ns).withName(name).get();
  }

  @Test
  void aPolicyOverThirtyTablesCoversExactlyTheTaggedOnesAndFollowsTheirTags() {
    // the gate is shared by the class: count from here; a call is counted once, its retries not
    int listTablesBefore = gate.invocations("ListTables");
    int getResourcesBefore = gate.invocations("GetResources");
    int listTagsBefore = gate.invocations("ListTagsOfResource");
    // 30 tables: backup=daily on every third, backup=weekly on every fifth of the others,
    // env=dev on every fourth; the policy wants backup=daily and not env=dev
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < 30; i++) {
      Map<String, String> tags = new HashMap<>();
      if (i % 3 == 0) {
        tags.put("backup", "daily");
      } else if (i % 5 == 0) {
        tags.put("backup", "weekly");
      }
      if (i % 4 == 0) {
        tags.put("env", "dev");
      }
      String name = "fleet-%02d".formatted(i);
      table(name, tags);
      if ("daily".equals(tags.get("backup")) && !"dev".equals(tags.get("env"))) {
        expected.add(name);
      }
    }
    // one of them is already backed up by a hand-written schedule
    String byHand = expected.iterator().next();
    apply(
        "by-hand",
        """
        tableName: %s
        schedule: "0 4 * * *"
        """
            .formatted(byHand));

    applyPolicy(
        "daily",
        """
        region: eu-west-1
        selector:
          tags:
            allOf: [{key: backup, value: daily}]
            noneOf: [{key: env, value: dev}]
        template:
          schedule: "0 3 * * *"
          immediate: true
          deletionPolicy: Retain
        discoveryInterval: 1h
        """);

    Set<String> generatedFor = new TreeSet<>(expected);
    generatedFor.remove(byHand);
    await("one generated schedule per tagged table; operator log " + operator.log())
        .atMost(GENERATION)
        .until(() -> generated().keySet().equals(generatedFor));
    await("each generated schedule's immediate backup")
        .atMost(GENERATION)
        .until(
            () ->
                generated().entrySet().stream()
                    .allMatch(
                        e ->
                            backupsOf(e.getKey(), e.getValue().getMetadata().getName()).size()
                                == 1));
    assertThat(cluster.schedules().inNamespace(ns).list().getItems())
        .as("one schedule per table, the hand-written one included")
        .hasSize(expected.size());
    await("the policy's status")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var status = policy("daily").getStatus();
              return status != null
                  && Integer.valueOf(expected.size()).equals(status.getMatched())
                  && Integer.valueOf(generatedFor.size()).equals(status.getCovered());
            });
    var status = policy("daily").getStatus();
    assertThat(status.getSkipped()).isEqualTo(1);
    assertThat(status.getSkippedTables())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getTableName()).isEqualTo(byHand);
              assertThat(s.getReason()).isEqualTo("CoveredElsewhere");
              assertThat(s.getMessage()).contains(ns + "/by-hand");
            });
    int listTables = gate.invocations("ListTables");
    assertThat(listTables - listTablesBefore)
        .as("30 tables: one ListTables page; every attempt: %s", gate.attempts("ListTables"))
        .isEqualTo(1);
    int getResources = gate.invocations("GetResources");
    assertThat(getResources - getResourcesBefore)
        .as(
            "the region's tagged tables in GetResources pages of 100; every attempt: %s",
            gate.attempts("GetResources"))
        .isEqualTo(pagesOfTaggedTables());
    assertThat(gate.invocations("ListTagsOfResource"))
        .as("tags read in pages, not one call per table")
        .isEqualTo(listTagsBefore);

    // a new tagged table, and a tag removed: seen at the next discovery (discover-now here)
    String untagged = generatedFor.iterator().next();
    String untaggedSchedule = generated().get(untagged).getMetadata().getName();
    List<String> itsBackups = backupsOf(untagged, untaggedSchedule);
    moto.dynamoDb().untagResource(b -> b.resourceArn(arn(untagged)).tagKeys("backup"));
    table("fleet-new", Map.of("backup", "daily"));
    discoverNow("daily", "1");

    Set<String> after = new TreeSet<>(generatedFor);
    after.remove(untagged);
    after.add("fleet-new");
    await("the new table covered, the untagged one's schedule gone; operator log " + operator.log())
        .atMost(GENERATION)
        .until(() -> generated().keySet().equals(after));
    assertThat(backupsOf(untagged, untaggedSchedule))
        .as("deletionPolicy Retain: its backups stay")
        .isEqualTo(itsBackups)
        .isNotEmpty();
    assertThat(gate.invocations("ListTables"))
        .as("one more discovery, one more page; every attempt: %s", gate.attempts("ListTables"))
        .isEqualTo(listTables + 1);
    assertThat(gate.invocations("GetResources"))
        .as("one more discovery, its GetResources pages")
        .isEqualTo(getResources + pagesOfTaggedTables());
    assertThat(gate.invocations("ListTagsOfResource")).isEqualTo(listTagsBefore);
  }

  /**
   * GetResources pages a discovery needs: one per 100 tables of the region that carry a tag,
   * counted here from moto's tables and tags (read past the gate), at least one.
   */
  private int pagesOfTaggedTables() {
    int tagged = 0;
    for (String name : moto.dynamoDb().listTablesPaginator(b -> {}).tableNames()) {
      if (!moto.dynamoDb().listTagsOfResource(b -> b.resourceArn(arn(name))).tags().isEmpty()) {
        tagged++;
      }
    }
    return Math.max(1, (tagged + 99) / 100);
  }

  /**
   * The operator halts like kill -9 right after creating the first of a policy's schedules (the
   * test-only crash hook), and a restarted one finishes the generation: each tagged table ends with
   * exactly one schedule, the one made before the crash is kept (same uid), and every generated
   * schedule is owned by the policy.
   */
  @Test
  void aCrashInTheMiddleOfGenerationLeavesNoDuplicateAndNoOrphanedSchedule() {
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < 10; i++) {
      String name = "crash-%02d".formatted(i);
      table(name, i % 2 == 0 ? Map.of("backup", "daily") : Map.of("backup", "none"));
      if (i % 2 == 0) {
        expected.add(name);
      }
    }
    operator.kill();
    operator.withCrashPoints("mid-generation").launch();

    applyPolicy(
        "daily",
        """
        region: eu-west-1
        selector:
          tags:
            allOf: [{key: backup, value: daily}]
        template:
          schedule: "0 3 * * *"
          deletionPolicy: Retain
        discoveryInterval: 1h
        """);
    await("the operator halted after the first generated schedule; log " + operator.log())
        .atMost(GENERATION)
        .until(() -> !operator.isAlive());
    Map<String, DynamoDBBackupSchedule> beforeCrash = generated();
    assertThat(beforeCrash).as("the crash came in the middle of the generation").hasSize(1);
    String survivorUid = beforeCrash.values().iterator().next().getMetadata().getUid();

    operator.withCrashPoints(null).start();

    await("every tagged table covered after the restart; operator log " + operator.log())
        .atMost(GENERATION)
        .until(() -> generated().keySet().equals(expected));
    List<DynamoDBBackupSchedule> all = cluster.schedules().inNamespace(ns).list().getItems();
    assertThat(
            all.stream()
                .collect(
                    Collectors.groupingBy(x -> x.getSpec().getTableName(), Collectors.counting())))
        .as("schedules per table on the API server")
        .containsOnlyKeys(expected)
        .allSatisfy((table, count) -> assertThat(count).as(table).isEqualTo(1L));
    String policyUid = policy("daily").getMetadata().getUid();
    assertThat(all)
        .as("every schedule owned by the policy")
        .allSatisfy(
            x ->
                assertThat(x.getMetadata().getOwnerReferences())
                    .anySatisfy(
                        o -> {
                          assertThat(o.getUid()).isEqualTo(policyUid);
                          assertThat(o.getController()).isTrue();
                        }));
    assertThat(all)
        .extracting(x -> x.getMetadata().getUid())
        .as("the schedule made before the crash is kept, not made again")
        .contains(survivorUid);
  }

  @Test
  void aTemplateChangeReachesEveryScheduleAndAHandEditIsPutBackWhileDefaultsAreLeftAlone() {
    for (String t : List.of("alpha", "beta", "gamma")) {
      table(t, Map.of("team", "payments"));
    }
    applyPolicy(
        "payments",
        """
        region: eu-west-1
        selector:
          tags:
            allOf: [{key: team, value: payments}]
        template:
          schedule: "0 3 * * *"
        discoveryInterval: 1h
        """);
    await("three generated schedules; operator log " + operator.log())
        .atMost(GENERATION)
        .until(() -> generated().keySet().equals(Set.of("alpha", "beta", "gamma")));
    // the API server filled in the CRD's defaults (suspend false, deletionPolicy Retain): that is
    // no hand edit, and the policy must not fight it
    DynamoDBBackupSchedule beta = generated().get("beta");
    assertThat(beta.getSpec().getSuspend()).isFalse();
    discoverNow("payments", "again");
    await("the policy acted on discover-now")
        .atMost(GENERATION)
        .until(
            () -> {
              var status = policy("payments").getStatus();
              return status != null && "again".equals(status.getLastDiscoverNow());
            });
    assertThat(generated().get("beta").getMetadata().getGeneration())
        .as("no spec write: the defaults are not taken for a hand edit")
        .isEqualTo(beta.getMetadata().getGeneration())
        .isEqualTo(1L);

    admin()
        .resources(DynamoDBBackupPolicy.class)
        .inNamespace(ns)
        .withName("payments")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"template\":{\"schedule\":\"30 1 * * *\"}}}");
    await("the new cron on every generated schedule; operator log " + operator.log())
        .atMost(GENERATION)
        .until(
            () ->
                generated().values().stream()
                    .allMatch(s -> s.getSpec().getSchedule().equals("30 1 * * *")));

    String name = generated().get("gamma").getMetadata().getName();
    cluster.mergePatch(ns, name, "{\"spec\":{\"suspend\":true,\"schedule\":\"0 0 * * *\"}}");
    await("the hand edit put back; operator log " + operator.log())
        .atMost(GENERATION)
        .until(
            () -> {
              DynamoDBBackupSchedule gamma = generated().get("gamma");
              return !gamma.getSpec().getSuspend()
                  && gamma.getSpec().getSchedule().equals("30 1 * * *");
            });
    assertThat(cluster.schedules().inNamespace(ns).list().getItems()).hasSize(3);
  }

  @Test
  void twoPoliciesSelectingTheSameTablesGiveEachOneSchedule() {
    for (String t : List.of("shared-1", "shared-2")) {
      table(t, Map.of("team", "core"));
    }
    String spec =
        """
        region: eu-west-1
        selector:
          tags:
            allOf: [{key: team, value: core}]
        template:
          schedule: "0 3 * * *"
        discoveryInterval: 1h
        """;
    // applied together: both may generate before either sees the other's schedules
    applyPolicy("first", spec);
    applyPolicy("second", spec);
    await("both policies discovered; operator log " + operator.log())
        .atMost(GENERATION)
        .until(
            () ->
                policy("first").getStatus() != null
                    && policy("first").getStatus().getLastDiscoveryTime() != null
                    && policy("second").getStatus() != null
                    && policy("second").getStatus().getLastDiscoveryTime() != null);
    // a second discovery each: whatever raced in the first is settled now
    discoverNow("first", "2");
    discoverNow("second", "2");
    await("both acted on discover-now")
        .atMost(GENERATION)
        .until(
            () ->
                "2".equals(policy("first").getStatus().getLastDiscoverNow())
                    && "2".equals(policy("second").getStatus().getLastDiscoverNow()));

    Map<String, Long> schedulesPerTable =
        cluster.schedules().inNamespace(ns).list().getItems().stream()
            .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
            .collect(Collectors.groupingBy(s -> s.getSpec().getTableName(), Collectors.counting()));
    assertThat(schedulesPerTable).isEqualTo(Map.of("shared-1", 1L, "shared-2", 1L));
    int covered =
        policy("first").getStatus().getCovered() + policy("second").getStatus().getCovered();
    int skipped =
        policy("first").getStatus().getSkipped() + policy("second").getStatus().getSkipped();
    assertThat(covered).isEqualTo(2);
    assertThat(skipped).as("each table reported by the policy that did not cover it").isEqualTo(2);
  }

  /**
   * With Kubernetes' garbage collector running (kube-controller-manager, its garbagecollector
   * controller alone), deleting a policy deletes its generated schedules through their owner
   * references, and each applies the template's deletionPolicy: Retain keeps the backups, Delete
   * deletes them. A schedule written by hand for a table the policy selects is not the policy's,
   * and stays. Judged from moto's backups and the API server's schedules.
   */
  @Test
  void deletingAPolicyDeletesItsSchedulesEachByTheTemplatesDeletionPolicyAndNoOther()
      throws Exception {
    for (String t : List.of("keep-a", "keep-b", "keep-hand")) {
      table(t, Map.of("backup", "keep"));
    }
    for (String t : List.of("drop-a", "drop-b")) {
      table(t, Map.of("backup", "drop"));
    }
    apply("by-hand", "tableName: keep-hand\nschedule: \"0 4 * * *\"\n");
    for (String kind : List.of("keep", "drop")) {
      applyPolicy(
          kind,
          """
          region: eu-west-1
          selector:
            tags:
              allOf: [{key: backup, value: %s}]
          template:
            schedule: "0 3 * * *"
            immediate: true
            deletionPolicy: %s
          discoveryInterval: 1h
          """
              .formatted(kind, kind.equals("keep") ? "Retain" : "Delete"));
    }
    Set<String> tables = Set.of("keep-a", "keep-b", "drop-a", "drop-b");
    await("one generated schedule with its immediate backup per table; log " + operator.log())
        .atMost(GENERATION)
        .until(
            () ->
                generated().keySet().equals(tables)
                    && generated().entrySet().stream()
                        .allMatch(
                            e ->
                                backupsOf(e.getKey(), e.getValue().getMetadata().getName()).size()
                                    == 1));
    Map<String, List<String>> backups = new HashMap<>();
    generated()
        .forEach((table, s) -> backups.put(table, backupsOf(table, s.getMetadata().getName())));
    Map<String, String> scheduleOf = new HashMap<>();
    generated().forEach((table, s) -> scheduleOf.put(table, s.getMetadata().getName()));

    try (var collector =
        io.ddbbackup.operator.testing.GarbageCollector.start(
            cluster.controlPlane(), cluster.workDir())) {
      admin().resources(DynamoDBBackupPolicy.class).inNamespace(ns).delete();
      await(
              "the generated schedules deleted by the garbage collector; its log in "
                  + cluster.workDir().resolve("garbage-collector.log"))
          .atMost(GENERATION)
          .failFast("the garbage collector exited", () -> !collector.isAlive())
          .until(() -> generated().isEmpty());
    }

    for (String t : List.of("keep-a", "keep-b")) {
      assertThat(backupsOf(t, scheduleOf.get(t)))
          .as("Retain: the backups of %s stay", t)
          .isEqualTo(backups.get(t))
          .hasSize(1);
    }
    for (String t : List.of("drop-a", "drop-b")) {
      assertThat(backupsOf(t, scheduleOf.get(t))).as("Delete: the backups of %s go", t).isEmpty();
    }
    assertThat(cluster.schedules().inNamespace(ns).list().getItems())
        .as("the hand-written schedule is not the policy's")
        .singleElement()
        .satisfies(s -> assertThat(s.getMetadata().getName()).isEqualTo("by-hand"));
  }
}
