package io.ddbbackup.operator.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ddbbackup.operator.api.DynamoDBBackupSchedule;
import io.ddbbackup.operator.reconciler.ResourceEvents;
import io.ddbbackup.operator.testing.ClockedApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResourceEventsTest {

  @RegisterExtension static final ClockedApiServer API = new ClockedApiServer();
  static KubernetesClient client;
  ScheduleFixture fx;

  /** An API server that takes connections and never answers: every Event POST hangs. */
  private ServerSocket silent;

  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private KubernetesClient silentClient;

  @BeforeEach
  void setUp() throws IOException {
    client = API.client();
    fx = new ScheduleFixture(API);
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!silent.isClosed()) {
                try {
                  held.add(silent.accept());
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    silentClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + silent.getLocalPort())
                    .withRequestTimeout(60_000)
                    .build())
            .build();
  }

  @AfterEach
  void tearDown() throws IOException {
    silentClient.close();
    silent.close();
    for (Socket s : held) {
      s.close();
    }
  }

  @Test
  void theSameNewsTwiceIsOneEventWhoseCountGrowsWhenSentInTheBackground() {
    var events = ResourceEvents.sentInBackground(client, fx.clock);
    DynamoDBBackupSchedule schedule = fx.create("nightly", spec -> {});

    events.warning(schedule, "AccessDenied", "CreateBackup: not authorized");
    events.warning(schedule, "AccessDenied", "CreateBackup: not authorized");
    events.normal(schedule, "BackupCreated", "Backup b-1 is CREATING");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              List<Event> recorded =
                  client.v1().events().inNamespace(ScheduleFixture.NAMESPACE).list().getItems();
              assertThat(recorded)
                  .filteredOn(e -> e.getReason().equals("AccessDenied"))
                  .singleElement()
                  .satisfies(
                      e -> {
                        assertThat(e.getCount()).isEqualTo(2);
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getInvolvedObject().getName()).isEqualTo("nightly");
                        assertThat(e.getInvolvedObject().getUid())
                            .isEqualTo(schedule.getMetadata().getUid());
                      });
              assertThat(recorded).anyMatch(e -> e.getReason().equals("BackupCreated"));
            });
  }

  @Test
  void aBackupIsNotHeldUpByAnApiServerThatDoesNotTakeEvents() {
    // status writes go to the working API server, Events to the silent one
    fx.useEvents(ResourceEvents.sentInBackground(silentClient, fx.clock, 1, 2));
    fx.create("nightly", spec -> {});
    fx.clock.set(fx.slot(0));

    // sent in the reconcile thread, the first Event would hang there for the request timeout
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> fx.reconcileUntilSettled("nightly"));

    assertThat(fx.dynamo.backups("orders")).hasSize(1);
    assertThat(fx.status("nightly").getLastBackupStatus()).isEqualTo("AVAILABLE");
  }

  @Test
  void eventsBeyondAFullQueueAreDroppedWithoutBlockingTheCaller() {
    var events = ResourceEvents.sentInBackground(silentClient, fx.clock, 1, 2);
    DynamoDBBackupSchedule schedule = fx.create("nightly", spec -> {});

    // one Event hangs in the sender, two wait in the queue, the rest are dropped at once
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          for (int i = 0; i < 50; i++) {
            events.normal(schedule, "BackupCreated", "Backup b-" + i + " is CREATING");
          }
        });
  }
}
