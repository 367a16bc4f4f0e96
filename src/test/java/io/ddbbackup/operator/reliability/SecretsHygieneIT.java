package io.ddbbackup.operator.reliability;

import static io.ddbbackup.operator.testing.ReadyCondition.isReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.reliability.FaultProxy.Fault;
import io.ddbbackup.operator.testing.OperatorProcess;
import io.ddbbackup.operator.testing.TestCluster;
import io.ddbbackup.operator.testing.Tools;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No credential in logs, status or Events. The operator runs with IRSA against moto through a
 * pass-through proxy that records what STS AssumeRoleWithWebIdentity handed it (moto makes up a
 * fresh AccessKeyId, SecretAccessKey and SessionToken per call, so only the wire knows them). It
 * backs up, meets a missing table and throttling (so error paths write messages), and then its
 * output, every schedule's status and every Event are searched for those values and the web
 * identity token. Logs of the other e2e and reliability runs still in target/e2e are searched for
 * their own token and for moto's session-token prefix as well.
 */
class SecretsHygieneIT {

  @RegisterExtension static final TestCluster cluster = TestCluster.withMoto();

  /** Every session token moto issues starts with this (moto/sts/utils.py). */
  private static final String MOTO_SESSION_TOKEN_PREFIX = "FQoGZXIvYXdzEBYaD";

  @Test
  void noCredentialOrTokenAppearsInLogsStatusOrEvents() throws IOException {
    FaultProxy proxy = cluster.closeAfterClass(new FaultProxy(cluster.moto().endpoint()));
    OperatorProcess operator =
        cluster.newOperator("operator").withAwsEndpoint(proxy.endpoint()).start();
    String ns = cluster.newNamespace("rel");
    cluster.apply(ns, "backs-up", "tableName: orders\nschedule: \"@daily\"\nimmediate: true\n");
    cluster.apply(
        ns, "missing", "tableName: no_such_table\nschedule: \"@daily\"\nimmediate: true\n");
    cluster.awaitSchedule(
        ns,
        "backs-up",
        Duration.ofSeconds(60),
        "backed up",
        s -> s.getStatus().getLastBackupArn() != null);
    cluster.awaitSchedule(
        ns,
        "missing",
        Duration.ofSeconds(60),
        "TableNotFound",
        s -> isReady(s, "False", "TableNotFound"));
    proxy.inject(0, Set.of(Fault.THROTTLING), Set.of("CreateBackup"));
    proxy.burst(8);
    cluster.backupNow(ns, "backs-up", "throttled");
    cluster.awaitSchedule(
        ns, "backs-up", Duration.ofSeconds(60), "Throttled", s -> isReady(s, "False", "Throttled"));
    proxy.stop();

    Set<String> secrets = new LinkedHashSet<>(proxy.stsSecrets());
    assertThat(secrets)
        .as("credentials STS handed out (the operator used IRSA)")
        .hasSizeGreaterThanOrEqualTo(3);
    String token = Files.readString(cluster.workDir().resolve("web-identity-token")).trim();
    secrets.add(token);
    secrets.add(token.substring(token.lastIndexOf('.') + 1));
    secrets.add(MOTO_SESSION_TOKEN_PREFIX);

    String statuses =
        Serialization.asJson(
            cluster.schedules().inAnyNamespace().list().getItems().stream()
                .map(s -> s.getStatus())
                .toList());
    String events =
        Serialization.asJson(cluster.admin().v1().events().inAnyNamespace().list().getItems());
    String log = operator.logText();
    List<String> found = new ArrayList<>();
    for (String secret : secrets) {
      for (var place :
          List.of(
              List.of("operator log", log),
              List.of("status", statuses),
              List.of("Events", events))) {
        if (place.get(1).contains(secret)) {
          found.add(
              place.get(0)
                  + " contains "
                  + secret.substring(0, Math.min(8, secret.length()))
                  + "…");
        }
      }
    }
    for (String pattern :
        List.of("X-Amz-Security-Token", "Signature=", "aws_secret_access_key", "SecretAccessKey")) {
      for (var place :
          List.of(
              List.of("operator log", log),
              List.of("status", statuses),
              List.of("Events", events))) {
        if (place.get(1).contains(pattern)) {
          found.add(place.get(0) + " contains " + pattern);
        }
      }
    }
    int otherLogs = scanOtherRuns(found);
    String report =
        "%d secret values (STS key id, secret key, session token, web identity token) searched in %d bytes of log, status and %d bytes of Events, plus %d other run logs: %d found"
            .formatted(secrets.size(), log.length(), events.length(), otherLogs, found.size());
    System.out.println("secrets-hygiene: " + report);
    Figures.record("secrets-hygiene", report);
    assertThat(found).as("secrets where they must not be").isEmpty();
    cluster.deleteSchedules(ns);
  }

  /** Every operator log of other runs in target/e2e, searched for that run's web identity token. */
  private static int scanOtherRuns(List<String> found) throws IOException {
    Path root = Tools.projectRoot().resolve("target/e2e");
    int scanned = 0;
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        Path tokenFile = dir.resolve("web-identity-token");
        if (dir.equals(cluster.workDir()) || !Files.exists(tokenFile)) {
          continue;
        }
        String token = Files.readString(tokenFile).trim();
        String signature = token.substring(token.lastIndexOf('.') + 1);
        try (Stream<Path> logs = Files.list(dir)) {
          for (Path file :
              logs.filter(
                      p ->
                          p.toString().endsWith(".log")
                              && !p.getFileName().toString().startsWith("moto"))
                  .toList()) {
            scanned++;
            String text = Files.readString(file);
            for (String secret :
                List.of(token, signature, MOTO_SESSION_TOKEN_PREFIX, "X-Amz-Security-Token")) {
              if (text.contains(secret)) {
                found.add(
                    file + " contains " + secret.substring(0, Math.min(8, secret.length())) + "…");
              }
            }
          }
        }
      }
    }
    return scanned;
  }
}
