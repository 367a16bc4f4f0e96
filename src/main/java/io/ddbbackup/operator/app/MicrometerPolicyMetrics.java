package io.ddbbackup.operator.app;

import io.ddbbackup.operator.reconciler.policy.PolicyMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ddbbackup_policy_tables{namespace,name,state}}: a backup policy's tables by state
 * (matched, covered, skipped, failing, uncovered), one gauge each, gone with the policy.
 */
final class MicrometerPolicyMetrics implements PolicyMetrics {

  static final List<String> STATES =
      List.of("matched", "covered", "skipped", "failing", "uncovered");

  private record Key(String namespace, String name, String state) {}

  private final MeterRegistry registry;
  private final Map<Key, AtomicLong> values = new ConcurrentHashMap<>();

  MicrometerPolicyMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void observed(String namespace, String name, Tables tables) {
    set(namespace, name, "matched", tables.matched());
    set(namespace, name, "covered", tables.covered());
    set(namespace, name, "skipped", tables.skipped());
    set(namespace, name, "failing", tables.failing());
    if (tables.uncovered() != null) {
      set(namespace, name, "uncovered", tables.uncovered());
    }
  }

  @Override
  public void forget(String namespace, String name) {
    for (String state : STATES) {
      if (values.remove(new Key(namespace, name, state)) != null) {
        registry.remove(
            registry
                .find("ddbbackup.policy.tables")
                .tags(Tags.of("namespace", namespace, "name", name, "state", state))
                .gauge());
      }
    }
  }

  private void set(String namespace, String name, String state, long value) {
    values
        .computeIfAbsent(
            new Key(namespace, name, state),
            k -> {
              AtomicLong holder = new AtomicLong();
              Gauge.builder("ddbbackup.policy.tables", holder, AtomicLong::get)
                  .description(
                      "A backup policy's tables: matched by its selector, covered by a schedule it"
                          + " generated, skipped, failing (generated schedule not Ready), uncovered"
                          + " (selected, no schedule at all)")
                  .tag("namespace", namespace)
                  .tag("name", name)
                  .tag("state", state)
                  .register(registry);
              return holder;
            })
        .set(value);
  }
}
