package io.ddbbackup.operator.app;

import io.ddbbackup.operator.backup.Leadership;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Leadership as the Lease on the API server shows it, not as this process remembers it. A replica
 * leads while the Lease names it as holder and its last renewal is younger than the renew deadline:
 * the leader elector renews every retry period (2 s) and gives up leading after the renew deadline
 * (10 s) without a renewal, and no other replica takes the Lease before the lease duration (15 s)
 * has passed since that renewal. So a write made within the deadline happens at least 5 s before a
 * successor can exist, and a process that was paused longer (its clock runs on while it is frozen)
 * sees at once, before any write, that its last renewal is too old.
 *
 * <p>The Lease is read at most once per renew deadline while this process leads: a renewal seen at
 * time R is good until R plus the deadline, whatever happens meanwhile, and nothing later can make
 * it better. Reads go to the API server (a quorum read), never to a cache.
 */
final class LeaseLeadership implements Leadership {

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String identity;
  private final Duration renewDeadline;
  private final Clock clock;

  /** Until when a renewal already seen lets this process write; null when none does. */
  private Instant confirmedUntil;

  LeaseLeadership(
      KubernetesClient client,
      String namespace,
      String name,
      String identity,
      Duration renewDeadline,
      Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.identity = identity;
    this.renewDeadline = renewDeadline;
    this.clock = clock;
  }

  @Override
  public synchronized Optional<String> notLeading() {
    Instant now = clock.instant();
    if (confirmedUntil != null && now.isBefore(confirmedUntil)) {
      return Optional.empty();
    }
    confirmedUntil = null;
    Lease lease;
    try {
      lease = client.leases().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      return Optional.of(
          "the Lease %s/%s could not be read (%s)".formatted(namespace, name, e.getCode()));
    }
    return judge(lease, now);
  }

  private Optional<String> judge(Lease lease, Instant now) {
    if (lease == null || lease.getSpec() == null) {
      return Optional.of("the Lease %s/%s does not exist".formatted(namespace, name));
    }
    String holder = lease.getSpec().getHolderIdentity();
    if (!identity.equals(holder)) {
      return Optional.of(
          "the Lease %s/%s is held by %s, not %s".formatted(namespace, name, holder, identity));
    }
    ZonedDateTime renewed = lease.getSpec().getRenewTime();
    if (renewed == null) {
      return Optional.of("the Lease %s/%s has no renewTime".formatted(namespace, name));
    }
    Instant until = renewed.toInstant().plus(renewDeadline);
    if (!now.isBefore(until)) {
      return Optional.of(
          "this process last renewed the Lease %s/%s at %s, more than the renew deadline of %d s ago"
              .formatted(namespace, name, renewed.toInstant(), renewDeadline.toSeconds()));
    }
    confirmedUntil = until;
    return Optional.empty();
  }
}
