package io.ddbbackup.operator.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A CRUD mock API server whose {@code metadata.creationTimestamp} comes from the test's clock.
 *
 * <p>fabric8's CRUD server stamps a created resource with the wall clock. A schedule's first slot
 * is the first one after its creation, so with that stamp a test's outcome would depend on the time
 * of day it runs at: a test that expects the 03:00 backup before the 03:30 drill failed when run
 * between 03:00 and 03:30 UTC. Here the stamp is the instant of the clock the test moves, as a real
 * API server's would be if the test's clock were the world's.
 *
 * <p>Register it once per class: {@code @RegisterExtension static final ClockedApiServer API = new
 * ClockedApiServer();}, then hand the test's clock to {@link #stampWith(Clock)}.
 */
public final class ClockedApiServer implements BeforeAllCallback, AfterAllCallback {

  private final StampingDispatcher dispatcher = new StampingDispatcher();
  private KubernetesMockServer server;
  private KubernetesClient client;

  @Override
  public void beforeAll(ExtensionContext context) {
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            dispatcher,
            false);
    server.init();
    client = server.createClient();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  public KubernetesClient client() {
    return Objects.requireNonNull(client, "the server starts before the class's first test");
  }

  /** Resources created from now on are stamped with {@code clock}'s instant, to the second. */
  public void stampWith(Clock clock) {
    dispatcher.clock = clock;
  }

  private static final class StampingDispatcher extends KubernetesCrudDispatcher {

    private volatile Clock clock = Clock.systemUTC();

    /** The created resource as stored, so the POST answers what a later GET will read. */
    private final ThreadLocal<String> created = new ThreadLocal<>();

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
      created.remove();
      MockResponse response = super.handleCreate(request);
      String stored = created.get();
      created.remove();
      return stored == null ? response : response.setBody(stored);
    }

    @Override
    public void processEvent(
        String path,
        AttributeSet pathAttributes,
        AttributeSet oldAttributes,
        GenericKubernetesResource resource,
        String newState) {
      String state = newState;
      if (oldAttributes == null && resource != null && resource.getMetadata() != null) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        resource.getMetadata().setCreationTimestamp(now.toString());
        state = Serialization.asJson(resource);
        created.set(state);
      }
      super.processEvent(path, pathAttributes, oldAttributes, resource, state);
    }
  }
}
