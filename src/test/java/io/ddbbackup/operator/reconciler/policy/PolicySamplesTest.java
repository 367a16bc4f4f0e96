package io.ddbbackup.operator.reconciler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbbackup.operator.api.DynamoDBBackupPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sample policies are valid specs, as the operator checks them. */
class PolicySamplesTest {

  static List<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("config/samples/policy"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void theSampleIsAValidPolicy(Path sample) throws IOException {
    DynamoDBBackupPolicy policy =
        new KubernetesSerialization()
            .unmarshal(Files.readString(sample), DynamoDBBackupPolicy.class);
    PolicySpecValidator.Result result = PolicySpecValidator.validate(policy);
    assertThat(result.problems()).as(sample.toString()).isEmpty();
  }
}
