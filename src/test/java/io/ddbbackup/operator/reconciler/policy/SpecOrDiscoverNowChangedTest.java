package io.ddbbackup.operator.reconciler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.ddbbackup.operator.api.DynamoDBBackupPolicyStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which updates of a policy wake its reconciler: not its own status writes. */
class SpecOrDiscoverNowChangedTest {

  private final SpecOrDiscoverNowChanged filter = new SpecOrDiscoverNowChanged();

  private static DynamoDBBackupPolicy policy(long generation, String discoverNow, int matched) {
    DynamoDBBackupPolicy p = new DynamoDBBackupPolicy();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withName("nightly")
            .withGeneration(generation)
            .withAnnotations(
                discoverNow == null
                    ? Map.of()
                    : Map.of(DynamoDBBackupPolicy.DISCOVER_NOW_ANNOTATION, discoverNow))
            .build());
    DynamoDBBackupPolicyStatus status = new DynamoDBBackupPolicyStatus();
    status.setMatched(matched);
    p.setStatus(status);
    return p;
  }

  @Test
  void aStatusWriteDoesNotWakeIt() {
    assertThat(filter.accept(policy(1, "a", 5), policy(1, "a", 4))).isFalse();
  }

  @Test
  void aNewDiscoverNowValueDoes() {
    assertThat(filter.accept(policy(1, "b", 4), policy(1, "a", 4))).isTrue();
    assertThat(filter.accept(policy(1, "a", 4), policy(1, null, 4))).isTrue();
  }

  @Test
  void aNewSpecDoes() {
    assertThat(filter.accept(policy(2, "a", 4), policy(1, "a", 4))).isTrue();
  }
}
