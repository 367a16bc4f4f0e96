package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ddbbackup.operator.app.Main;
import io.ddbbackup.operator.app.OperatorConfig;
import io.ddbbackup.operator.jobs.KubernetesReplayJobs;
import io.ddbbackup.operator.restore.ReplayJob;
import io.ddbbackup.operator.restore.ReplayRequest;
import io.ddbbackup.operator.restore.TargetOwnership;
import io.ddbbackup.operator.testing.Cli;
import io.ddbbackup.operator.testing.ExportFront;
import io.ddbbackup.operator.testing.IncrementalExport;
import io.ddbbackup.operator.testing.Moto;
import io.ddbbackup.operator.testing.MotoS3;
import io.ddbbackup.operator.testing.MutableClock;
import io.ddbbackup.operator.testing.Tools;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A replay Job on a real node (scripts/node-cluster.sh): the chart installed into a namespace that
 * enforces Pod Security "restricted", the operator's image imported (never pulled), the Job made by
 * the adapter exactly as the operator makes it (its settings read from the installed Deployment's
 * environment, its calls made with the operator's ServiceAccount token), its pods running the
 * image's {@code replay} command against moto through the IRSA web identity of the replay
 * ServiceAccount. The pod of one shard is deleted while it is part-way through its file; the Job
 * controller runs that shard again, and the table ends exactly as the test's own writes say.
 */
class ReplayOnNodeIT {

  private static final String RELEASE = "ddb";
  private static final String SYSTEM = "ddbbackup-system";
  private static final String FULLNAME = "ddb-dynamodb-backup-operator";
  private static final String REPLAY_ACCOUNT = FULLNAME + "-replay";
  private static final String OPERATOR_ROLE =
      "arn:aws:iam::" + Moto.ACCOUNT + ":role/ddb-backup-operator";
  private static final String REPLAY_ROLE = "arn:aws:iam::" + Moto.ACCOUNT + ":role/ddb-replay";
  private static final String BUCKET = "offsite";
  private static final String TARGET = "orders-restored";
  private static final int SHARDS = 3;
  private static final String INDEX = "batch.kubernetes.io/job-completion-index";
  private static final String JOB_NAME = "batch.kubernetes.io/job-name";

  private static Path workDir;
  private static Moto moto;
  private static ExportFront front;
  private static DynamoDbClient viaFront;
  private static S3Client s3;
  private static IncrementalExport export;
  private static NodeCluster cluster;
  private static AwsCallLog aws;
  private static String imageRef;

  @BeforeAll
  static void startMotoTheExportTheNodeAndInstallTheChart() {
    workDir = Tools.workDir("ReplayOnNodeIT");
    Tools.helm();
    Path archive = OperatorImage.archive();
    imageRef = OperatorImage.reference();
    moto = new Moto(workDir).start();
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    Duration inProgress = Duration.ofSeconds(30);
    front = new ExportFront(moto.endpoint(), clock).inProgressFor(inProgress);
    viaFront = Moto.clientVia(front.endpoint());
    s3 = MotoS3.client(moto.endpoint(), Moto.REGION);
    // 600 items: about 140 changes per shard, several batches of 25 at 10 writes a second
    export = IncrementalExport.make(viaFront, s3, clock, inProgress, "orders", BUCKET, 600);

    cluster = NodeCluster.start(workDir.resolve("cluster"));
    cluster.importImage(archive);
    aws = new AwsCallLog(cluster.gateway(), moto.endpoint(), ReplayOnNodeIT::review);
    admin()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(SYSTEM)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                .endMetadata()
                .build())
        .create();
    int colon = imageRef.lastIndexOf(':');
    cluster
        .helm(
            "install",
            RELEASE,
            Chart.PATH,
            "-n",
            SYSTEM,
            "--set",
            "image.repository=" + imageRef.substring(0, colon),
            "--set",
            "image.tag=" + imageRef.substring(colon + 1),
            "--set",
            "image.pullPolicy=Never",
            "--set",
            "serviceAccount.roleArn=" + OPERATOR_ROLE,
            "--set",
            "replay.serviceAccount.roleArn=" + REPLAY_ROLE,
            "--set",
            "aws.region=" + Moto.REGION,
            "--set",
            "extraEnv[0].name=AWS_ENDPOINT_URL",
            "--set",
            "extraEnv[0].value=" + aws.endpoint())
        .ok();
    await("the operator Deployment available (logs in " + workDir + ")")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              Deployment d =
                  admin().apps().deployments().inNamespace(SYSTEM).withName(FULLNAME).get();
              return d != null
                  && d.getStatus() != null
                  && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas());
            });
  }

  @AfterAll
  static void stopEverything() {
    List<AutoCloseable> all = new ArrayList<>();
    if (cluster != null) {
      saveDiagnostics();
      all.add(cluster);
    }
    all.add(aws);
    all.add(viaFront);
    all.add(s3);
    all.add(front);
    all.add(moto);
    for (AutoCloseable component : all) {
      try {
        if (component != null) {
          component.close();
        }
      } catch (Exception e) {
        System.err.println("ReplayOnNodeIT: stopping " + component + " failed: " + e);
      }
    }
  }

  @Test
  void aReplayPodDeletedPartWayThroughItsFileIsRunAgainAndTheTableEndsAsWritten() {
    String uid = UUID.randomUUID().toString();
    targetTable(uid);
    KubernetesReplayJobs jobs = adapterAsTheOperatorMakesIt();
    ReplayRequest request =
        new ReplayRequest(
            ReplayRequest.jobName("orders-restore", uid, 1),
            "shop",
            "orders-restore",
            uid,
            1,
            BUCKET,
            null,
            export.manifestKey(),
            TARGET,
            Moto.REGION,
            null,
            SHARDS,
            10);
    // what shard 0 changes: the files i % 3 == 0 hold it, by the export's manifest
    List<String> files = export.dataFiles(s3);
    Set<String> shard0 = new java.util.TreeSet<>();
    for (int i = 0; i < files.size(); i += SHARDS) {
      for (String id : export.idsIn(s3, files.get(i))) {
        if (!Objects.equals(export.atFrom().get(id), export.atTo().get(id))) {
          shard0.add(id);
        }
      }
    }
    assertThat(shard0).as("shard 0 has work to do").hasSizeGreaterThan(50);
    Map<String, String> podIndexes = new ConcurrentHashMap<>();
    Watch watch = watchPods(request.jobName(), podIndexes);
    long started = System.nanoTime();

    try {
      jobs.ensure(request);

      String[] victim = new String[1];
      int[] doneWhenKilled = new int[1];
      await("shard 0's pod part-way through its changes (logs in " + workDir + ")")
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                Pod pod = runningPodOf(request.jobName(), "0");
                int done = appliedOf(shard0);
                if (pod != null && done > 0 && done < shard0.size()) {
                  victim[0] = pod.getMetadata().getName();
                  doneWhenKilled[0] = done;
                  return true;
                }
                return false;
              });
      admin().pods().inNamespace(SYSTEM).withName(victim[0]).delete();
      System.out.printf(
          "ReplayOnNodeIT: deleted %s with %d of shard 0's %d changes applied, %.1f s in%n",
          victim[0], doneWhenKilled[0], shard0.size(), (System.nanoTime() - started) / 1e9);

      ReplayJob[] last = new ReplayJob[1];
      await("the Job " + request.jobName() + " ends (logs in " + workDir + ")")
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                last[0] = jobs.find(request.jobName()).orElseThrow();
                return last[0].state() != ReplayJob.State.RUNNING;
              });
      System.out.printf(
          "ReplayOnNodeIT: Job %s %s after %.1f s%n",
          request.jobName(), last[0].state(), (System.nanoTime() - started) / 1e9);

      assertThat(last[0].state())
          .as(String.valueOf(last[0].message()))
          .isEqualTo(ReplayJob.State.SUCCEEDED);
      assertThat(last[0].shardsDone()).isEqualTo(SHARDS);
      assertThat(items())
          .as("the table as the test's writes say at the window's end")
          .isEqualTo(export.atTo());
      assertThat(podIndexes)
          .as("shard 0 ran in a second pod after " + victim[0])
          .containsEntry(victim[0], "0");
      assertThat(podIndexes.entrySet().stream().filter(e -> e.getValue().equals("0")).count())
          .isGreaterThanOrEqualTo(2);
      assertThat(new java.util.TreeSet<>(podIndexes.values())).containsExactly("0", "1", "2");
      assertTheReplayPodsRanTheImageAsTheReplayAccount(request, podIndexes.keySet());
    } finally {
      watch.close();
    }
  }

  // ---- the adapter, as the installed operator makes it --------------------------------------

  /**
   * The operator's settings read from the Deployment's environment by the operator's own parser,
   * the pod's namespace as its downward API would give it, and a client holding a token of the
   * operator's ServiceAccount: the chart's RBAC decides what it may do.
   */
  private static KubernetesReplayJobs adapterAsTheOperatorMakesIt() {
    Container operator =
        admin()
            .apps()
            .deployments()
            .inNamespace(SYSTEM)
            .withName(FULLNAME)
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    Map<String, String> env = new HashMap<>();
    operator.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> env.put(e.getName(), e.getValue()));
    env.put("POD_NAMESPACE", SYSTEM);
    String token =
        admin()
            .serviceAccounts()
            .inNamespace(SYSTEM)
            .withName(FULLNAME)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Config adminConfig = admin().getConfiguration();
    Config config =
        new ConfigBuilder()
            .withMasterUrl(adminConfig.getMasterUrl())
            .withCaCertData(adminConfig.getCaCertData())
            .withCaCertFile(adminConfig.getCaCertFile())
            .withOauthToken(token)
            .withNamespace(SYSTEM)
            .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    return Main.replayJobs(OperatorConfig.from(new String[0], env), client, env);
  }

  private static void assertTheReplayPodsRanTheImageAsTheReplayAccount(
      ReplayRequest request, Set<String> pods) {
    String imageId = OperatorImage.configDigest();
    Pod any =
        admin()
            .pods()
            .inNamespace(SYSTEM)
            .withLabel(JOB_NAME, request.jobName())
            .list()
            .getItems()
            .get(0);
    assertThat(any.getSpec().getServiceAccountName()).isEqualTo(REPLAY_ACCOUNT);
    assertThat(any.getSpec().getContainers().get(0).getImage()).isEqualTo(imageRef);
    assertThat(any.getSpec().getContainers().get(0).getArgs()).isEqualTo(request.args());
    assertThat(any.getStatus().getContainerStatuses().get(0).getImageID()).endsWith(imageId);

    List<AwsCallLog.WebIdentityCall> replayIdentities =
        aws.webIdentityCalls().stream().filter(c -> pods.contains(c.owner().podName())).toList();
    assertThat(replayIdentities)
        .as("every replay pod took its AWS keys from its own web identity token")
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.roleArn()).isEqualTo(REPLAY_ROLE);
              assertThat(c.owner().authenticated()).isTrue();
              assertThat(c.owner().username())
                  .isEqualTo("system:serviceaccount:" + SYSTEM + ":" + REPLAY_ACCOUNT);
            });
    Set<String> replayKeys =
        replayIdentities.stream()
            .map(AwsCallLog.WebIdentityCall::accessKeyId)
            .collect(Collectors.toSet());
    List<AwsCallLog.DynamoDbCall> writes =
        aws.dynamoDbCalls().stream().filter(c -> c.operation().equals("BatchWriteItem")).toList();
    assertThat(writes)
        .as("every write to the table was signed with a key issued to a replay pod")
        .isNotEmpty()
        .allSatisfy(c -> assertThat(replayKeys).contains(c.accessKeyId()));
  }

  // ---- the cluster ------------------------------------------------------------------------------

  private static KubernetesClient admin() {
    return cluster.admin();
  }

  private static Pod runningPodOf(String job, String index) {
    return admin()
        .pods()
        .inNamespace(SYSTEM)
        .withLabel(JOB_NAME, job)
        .withLabel(INDEX, index)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
        .findFirst()
        .orElse(null);
  }

  /** Every pod of the Job ever seen, with its index, from a watch started before the Job. */
  private static Watch watchPods(String job, Map<String, String> seen) {
    return admin()
        .pods()
        .inNamespace(SYSTEM)
        .withLabel(JOB_NAME, job)
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, Pod pod) {
                String index = pod.getMetadata().getLabels().get(INDEX);
                if (index != null) {
                  seen.put(pod.getMetadata().getName(), index);
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  private static AwsCallLog.TokenOwner review(String token) {
    TokenReview review =
        admin()
            .authentication()
            .v1()
            .tokenReviews()
            .create(
                new TokenReviewBuilder()
                    .withNewSpec()
                    .withToken(token)
                    .withAudiences("sts.amazonaws.com")
                    .endSpec()
                    .build());
    var status = review.getStatus();
    if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
      return AwsCallLog.TokenOwner.NOBODY;
    }
    List<String> pod =
        status.getUser().getExtra() == null
            ? List.of()
            : status
                .getUser()
                .getExtra()
                .getOrDefault("authentication.kubernetes.io/pod-name", List.of());
    return new AwsCallLog.TokenOwner(
        true,
        status.getUser().getUsername(),
        pod.isEmpty() ? "" : pod.get(0),
        status.getAudiences() == null ? List.of() : status.getAudiences());
  }

  // ---- the target table, in moto --------------------------------------------------------------

  /** The restore's table as its import leaves it: the items at the window's start, tagged. */
  private static void targetTable(String ownerUid) {
    String arn =
        moto.dynamoDb()
            .createTable(
                t ->
                    t.tableName(TARGET)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                            a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)))
            .tableDescription()
            .tableArn();
    moto.dynamoDb()
        .tagResource(
            t -> t.resourceArn(arn).tags(g -> g.key(TargetOwnership.OWNER_TAG).value(ownerUid)));
    export
        .atFrom()
        .values()
        .forEach(item -> moto.dynamoDb().putItem(p -> p.tableName(TARGET).item(item)));
  }

  private static Map<String, Map<String, AttributeValue>> items() {
    Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
    moto.dynamoDb()
        .scanPaginator(s -> s.tableName(TARGET))
        .items()
        .forEach(i -> items.put(i.get("id").s(), i));
    return items;
  }

  /** How many of {@code ids} the table holds as they are at the window's end. */
  private static int appliedOf(Set<String> ids) {
    Map<String, Map<String, AttributeValue>> now = items();
    return (int)
        ids.stream().filter(id -> Objects.equals(now.get(id), export.atTo().get(id))).count();
  }

  // ---- diagnostics ------------------------------------------------------------------------------

  private static void saveDiagnostics() {
    try {
      for (Pod pod : admin().pods().inNamespace(SYSTEM).list().getItems()) {
        String name = pod.getMetadata().getName();
        Cli.Result logs = cluster.kubectl("logs", "-n", SYSTEM, name);
        write("pod-" + name + ".log", logs.out() + logs.err());
      }
      Cli.Result all = cluster.kubectl("get", "all,events", "-A", "-o", "wide");
      Cli.Result jobs = cluster.kubectl("get", "jobs", "-n", SYSTEM, "-o", "yaml");
      write("cluster-state.txt", all.out() + all.err() + "\n" + jobs.out());
    } catch (RuntimeException e) {
      System.err.println("ReplayOnNodeIT: could not save diagnostics: " + e);
    }
  }

  private static void write(String name, String content) {
    try {
      Files.writeString(workDir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
