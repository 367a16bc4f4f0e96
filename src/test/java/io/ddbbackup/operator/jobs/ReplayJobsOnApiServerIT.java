package io.ddbbackup.operator.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.app.ReplayCommand;
import io.ddbbackup.operator.restore.ReplayJob;
import io.ddbbackup.operator.restore.ReplayRequest;
import io.ddbbackup.operator.restore.TargetOwnership;
import io.ddbbackup.operator.testing.ControlPlane;
import io.ddbbackup.operator.testing.ExportFront;
import io.ddbbackup.operator.testing.IncrementalExport;
import io.ddbbackup.operator.testing.JobRunner;
import io.ddbbackup.operator.testing.Moto;
import io.ddbbackup.operator.testing.MotoS3;
import io.ddbbackup.operator.testing.MutableClock;
import io.ddbbackup.operator.testing.Tools;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The replay Jobs on a real kube-apiserver (kube-api-test, RBAC on): the adapter acts as the
 * operator's ServiceAccount with the Role config/rbac grants it, and {@link JobRunner} stands in
 * for the Job controller and the kubelet, running each index through the replay command's own entry
 * point ({@link ReplayCommand#run}) against moto. An incremental export is made by the export front
 * from the test's own writes; the judge is what those writes say the table holds at the window's
 * end, read back from moto.
 */
class ReplayJobsOnApiServerIT {

  private static final String NAMESPACE = ControlPlane.OPERATOR_NAMESPACE;
  private static final String SOURCE = "orders";
  private static final String BUCKET = "offsite";
  private static final Duration IN_PROGRESS = Duration.ofSeconds(30);
  private static final Map<String, String> AWS_PROPERTIES = new LinkedHashMap<>();

  private static ControlPlane controlPlane;
  private static KubernetesClient operator;
  private static Moto moto;
  private static MutableClock clock;
  private static ExportFront front;
  private static DynamoDbClient dynamoDb;
  private static S3Client s3;

  /** The source's window: the table at its start and end by the test's own writes. */
  private static IncrementalExport export;

  private static Map<String, Map<String, AttributeValue>> atFrom;
  private static Map<String, Map<String, AttributeValue>> atTo;

  private JobRunner runner;
  private final List<String> tables = new ArrayList<>();

  @BeforeAll
  static void startTheApiServerMotoAndAnIncrementalExport() throws IOException {
    Path work = Tools.workDir("ReplayJobsOnApiServerIT");
    controlPlane = new ControlPlane(work).start();
    controlPlane
        .admin()
        .namespaces()
        .withName(NAMESPACE)
        .edit(
            n -> {
              n.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "restricted");
              n.getMetadata()
                  .getLabels()
                  .put("pod-security.kubernetes.io/enforce-version", "latest");
              return n;
            });
    operator =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(controlPlane.operatorKubeconfig())))
            .build();
    moto = new Moto(work).start();
    clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    front = new ExportFront(moto.endpoint(), clock).inProgressFor(IN_PROGRESS);
    dynamoDb = Moto.clientVia(front.endpoint());
    s3 = MotoS3.client(moto.endpoint(), Moto.REGION);
    // the replay command in this JVM finds AWS as in a pod, from the environment: here the
    // SDK's system properties (a pod gets AWS_ENDPOINT_URL and AWS_REGION from the Job's env)
    AWS_PROPERTIES.put("aws.endpointUrl", moto.endpoint());
    AWS_PROPERTIES.put("aws.region", Moto.REGION);
    AWS_PROPERTIES.put("aws.accessKeyId", "testing");
    AWS_PROPERTIES.put("aws.secretAccessKey", "testing");
    AWS_PROPERTIES.forEach(System::setProperty);
    export = IncrementalExport.make(dynamoDb, s3, clock, IN_PROGRESS, SOURCE, BUCKET, 40);
    atFrom = export.atFrom();
    atTo = export.atTo();
  }

  @AfterAll
  static void stopEverything() {
    AWS_PROPERTIES.keySet().forEach(System::clearProperty);
    for (AutoCloseable c :
        new AutoCloseable[] {operator, dynamoDb, s3, front, moto, controlPlane}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        System.err.println("ReplayJobsOnApiServerIT: closing " + c + ": " + e);
      }
    }
  }

  @BeforeEach
  void noJobsYet() {
    assertThat(controlPlane.admin().batch().v1().jobs().inNamespace(NAMESPACE).list().getItems())
        .isEmpty();
  }

  @AfterEach
  void stopTheRunnerAndDeleteTheJobsAndTables() {
    if (runner != null) {
      runner.close();
    }
    controlPlane.admin().batch().v1().jobs().inNamespace(NAMESPACE).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                controlPlane
                    .admin()
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(NAMESPACE)
                    .list()
                    .getItems()
                    .isEmpty());
    tables.forEach(t -> moto.dynamoDb().deleteTable(d -> d.tableName(t)));
  }

  @Test
  void aJobOfThreeShardsReplaysEveryFileAndTheTableHoldsTheItemsAsOfTheWindowsEnd() {
    String uid = UUID.randomUUID().toString();
    String target = targetTable("restored-three", uid);
    runner = JobRunner.start(controlPlane.admin(), NAMESPACE, ReplayCommand::run);
    KubernetesReplayJobs jobs = adapter();
    ReplayRequest request = request("three", uid, 1, target, 3);

    ReplayJob started = jobs.ensure(request);

    assertThat(started.name()).isEqualTo(request.jobName());
    assertThat(started.shards()).isEqualTo(3);
    ReplayJob done = awaitEnd(jobs, request.jobName());
    assertThat(done.state())
        .as(String.valueOf(done.message()))
        .isEqualTo(ReplayJob.State.SUCCEEDED);
    assertThat(done.shardsDone()).isEqualTo(3);
    assertThat(items(target)).isEqualTo(atTo);
  }

  /**
   * A restore named at the length a drill of the export chain gives its restore: the API server
   * refuses an Indexed Job whose pods' hostnames ({@code <job>-<index>}) would pass 63 characters,
   * so the name must leave room for the index of the 64th shard.
   */
  @Test
  void aLongRestoreNameWithSixtyFourShardsGetsAJobTheApiServerAccepts() {
    String uid = UUID.randomUUID().toString();
    KubernetesReplayJobs jobs = adapter();
    ReplayRequest request =
        request("ledger-drilled-chain-drill-20261207-121942", uid, 1, "some-table", 64);

    ReplayJob started = jobs.ensure(request);

    assertThat(started.name()).isEqualTo(request.jobName());
    assertThat(jobs.find(request.jobName())).isPresent();
  }

  @Test
  void aShardThatFailsPartWayIsRunAgainAndTheTableEndsTheSame() {
    String uid = UUID.randomUUID().toString();
    String target = targetTable("restored-retried", uid);
    // shard 0 of 2 holds files 0 and 2: file 2 is corrupted for its first pod, which applies what
    // it can and then fails on the file's checksum (exit 1); the file is mended before the retry
    List<String> dataFiles = export.dataFiles(s3);
    assertThat(dataFiles).hasSize(3);
    String corrupted = dataFiles.get(2);
    byte[] original = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(corrupted)).asByteArray();
    s3.putObject(r -> r.bucket(BUCKET).key(corrupted), RequestBody.fromBytes(new byte[] {1, 2}));
    AtomicBoolean mended = new AtomicBoolean();
    Map<String, Map<String, AttributeValue>> afterTheFailure = new LinkedHashMap<>();
    runner =
        JobRunner.start(
            controlPlane.admin(),
            NAMESPACE,
            (args, env) -> {
              int exit = ReplayCommand.run(args, env);
              if (env.get("JOB_COMPLETION_INDEX").equals("0")
                  && mended.compareAndSet(false, true)) {
                afterTheFailure.putAll(items(target));
                s3.putObject(r -> r.bucket(BUCKET).key(corrupted), RequestBody.fromBytes(original));
              }
              return exit;
            });
    KubernetesReplayJobs jobs = adapter();
    ReplayRequest request = request("retried", uid, 1, target, 2);

    jobs.ensure(request);

    ReplayJob done = awaitEnd(jobs, request.jobName());
    assertThat(done.state())
        .as(String.valueOf(done.message()))
        .isEqualTo(ReplayJob.State.SUCCEEDED);
    assertThat(done.shardsDone()).isEqualTo(2);
    assertThat(runner.attempts())
        .filteredOn(a -> a.index() == 0)
        .extracting(JobRunner.Attempt::exitCode)
        .containsExactly(1, 0);
    assertThat(afterTheFailure)
        .as("the failed pod had written part of its shard")
        .isNotEqualTo(atFrom)
        .isNotEqualTo(atTo);
    assertThat(items(target)).isEqualTo(atTo);
  }

  @Test
  void aTableThatIsNotTheRestoresFailsTheJobAtOnceWithoutARetryAndStaysUntouched() {
    String uid = UUID.randomUUID().toString();
    String target = targetTable("someone-elses", UUID.randomUUID().toString());
    runner = JobRunner.start(controlPlane.admin(), NAMESPACE, ReplayCommand::run);
    KubernetesReplayJobs jobs = adapter();
    ReplayRequest request = request("refused", uid, 2, target, 1);

    jobs.ensure(request);

    ReplayJob done = awaitEnd(jobs, request.jobName());
    assertThat(done.state()).isEqualTo(ReplayJob.State.FAILED);
    assertThat(done.message()).contains("PodFailurePolicy").contains("exit code 2");
    assertThat(done.shardsDone()).isZero();
    assertThat(runner.attempts()).extracting(JobRunner.Attempt::exitCode).containsExactly(2);
    assertThat(items(target)).isEqualTo(atFrom);
  }

  @Test
  void ensureMeetsTheJobOfThatNameAndLeavesItAsItIs() {
    KubernetesReplayJobs jobs = adapter();
    String uid = UUID.randomUUID().toString();
    ReplayRequest first = request("again", uid, 1, "t", 2);
    ReplayRequest second = request("again", uid, 1, "t", 5);
    assertThat(second.jobName()).isEqualTo(first.jobName());

    ReplayJob made = jobs.ensure(first);
    ReplayJob met = jobs.ensure(second);

    assertThat(made.state()).isEqualTo(ReplayJob.State.RUNNING);
    assertThat(met.shards()).as("the Job that existed, not the second request").isEqualTo(2);
    Job job =
        controlPlane
            .admin()
            .batch()
            .v1()
            .jobs()
            .inNamespace(NAMESPACE)
            .withName(first.jobName())
            .get();
    assertThat(job.getSpec().getCompletions()).isEqualTo(2);
    assertThat(jobs.find(first.jobName())).contains(met);
    assertThat(jobs.find("ddb-replay-nothing-12345678-1")).isEmpty();
  }

  @Test
  void deleteAllOfDeletesEveryJobOfTheRestoreAndNoOther() {
    KubernetesReplayJobs jobs = adapter();
    String mine = UUID.randomUUID().toString();
    String other = UUID.randomUUID().toString();
    ReplayRequest one = request("mine", mine, 1, "t", 1);
    ReplayRequest two = request("mine", mine, 2, "t", 1);
    ReplayRequest theirs = request("theirs", other, 1, "t", 1);
    List.of(one, two, theirs).forEach(jobs::ensure);

    jobs.deleteAllOf(mine);

    await("the restore's Jobs gone")
        .atMost(Duration.ofSeconds(30))
        .until(() -> jobs.find(one.jobName()).isEmpty() && jobs.find(two.jobName()).isEmpty());
    assertThat(jobs.find(theirs.jobName())).isPresent();
  }

  @Test
  void theJobsPodPassesPodSecurityRestrictedAndGetsTheOperatorsRegionAndEndpointsOnly() {
    KubernetesReplayJobs jobs = adapter();
    ReplayRequest request = request("pod", UUID.randomUUID().toString(), 1, "t", 1);
    jobs.ensure(request);
    Job job =
        controlPlane
            .admin()
            .batch()
            .v1()
            .jobs()
            .inNamespace(NAMESPACE)
            .withName(request.jobName())
            .get();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(request.jobName() + "-0")
            .withNamespace(NAMESPACE)
            .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .build();

    // the namespace enforces "restricted": Pod Security admission judges the pod the Job would make
    Pod admitted =
        controlPlane.admin().pods().inNamespace(NAMESPACE).resource(pod).dryRun().create();
    Pod unsafe =
        new PodBuilder(pod)
            .editSpec()
            .editFirstContainer()
            .editSecurityContext()
            .withAllowPrivilegeEscalation(true)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();

    assertThat(admitted.getSpec().getContainers().get(0).getArgs()).isEqualTo(request.args());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                controlPlane
                    .admin()
                    .pods()
                    .inNamespace(NAMESPACE)
                    .resource(unsafe)
                    .dryRun()
                    .create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"");
    Map<String, String> env = new HashMap<>();
    job.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .forEach(e -> env.put(e.getName(), e.getValue()));
    assertThat(env)
        .containsEntry("AWS_REGION", Moto.REGION)
        .containsEntry("AWS_ENDPOINT_URL", "http://aws.example:4566")
        .doesNotContainKeys("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_ROLE_ARN");
  }

  @Test
  void theOperatorMayMakeReplayJobsInItsOwnNamespaceOnly() {
    controlPlane.createNamespace("shop");
    KubernetesReplayJobs elsewhere = new KubernetesReplayJobs(operator, settings("shop"));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> elsewhere.ensure(request("x", UUID.randomUUID().toString(), 1, "t", 1)))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  // ---- the adapter, as the operator would make it --------------------------------------------

  private static KubernetesReplayJobs adapter() {
    return new KubernetesReplayJobs(operator, settings(NAMESPACE));
  }

  private static ReplayJobSettings settings(String namespace) {
    return new ReplayJobSettings(
        namespace,
        "ghcr.io/ddbbackup/dynamodb-backup-operator:test",
        "IfNotPresent",
        "dynamodb-backup-operator-replay",
        "250m",
        "512Mi",
        ReplayJobSettings.passedThrough(
            Map.of(
                "AWS_REGION",
                Moto.REGION,
                "AWS_ENDPOINT_URL",
                "http://aws.example:4566",
                "AWS_ACCESS_KEY_ID",
                "AKIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY",
                "secret",
                "HOME",
                "/root")));
  }

  private static ReplayRequest request(
      String restore, String uid, int sequence, String table, int shards) {
    return new ReplayRequest(
        ReplayRequest.jobName(restore, uid, sequence),
        "shop",
        restore,
        uid,
        sequence,
        BUCKET,
        null,
        export.manifestKey(),
        table,
        Moto.REGION,
        null,
        shards,
        null);
  }

  private static ReplayJob awaitEnd(KubernetesReplayJobs jobs, String name) {
    ReplayJob[] last = new ReplayJob[1];
    await("Job " + name + " ends")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              last[0] = jobs.find(name).orElseThrow();
              return last[0].state() != ReplayJob.State.RUNNING;
            });
    return last[0];
  }

  // ---- the tables, in moto ---------------------------------------------------------------------

  /** The restore's target as the import would leave it: the base's items, tagged with a uid. */
  private String targetTable(String name, String ownerUid) {
    String arn =
        moto.dynamoDb()
            .createTable(
                t ->
                    t.tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                            a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)))
            .tableDescription()
            .tableArn();
    tables.add(name);
    moto.dynamoDb()
        .tagResource(
            t -> t.resourceArn(arn).tags(g -> g.key(TargetOwnership.OWNER_TAG).value(ownerUid)));
    atFrom.values().forEach(item -> moto.dynamoDb().putItem(p -> p.tableName(name).item(item)));
    return name;
  }

  private static Map<String, Map<String, AttributeValue>> items(String table) {
    Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
    moto.dynamoDb()
        .scanPaginator(s -> s.tableName(table))
        .items()
        .forEach(i -> items.put(i.get("id").s(), i));
    return new java.util.TreeMap<>(items);
  }
}
