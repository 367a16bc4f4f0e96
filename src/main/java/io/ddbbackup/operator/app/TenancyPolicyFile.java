package io.ddbbackup.operator.app;

import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the tenancy policy the Helm chart mounts from a ConfigMap:
 *
 * <pre>
 * rules:
 *   - namespaces: [shop, "shop-*"]
 *     tables: ["orders*", "arn:aws:dynamodb:eu-west-1:111122223333:table/orders*"]
 *     roles: ["arn:aws:iam::111122223333:role/shop-backup"]
 * </pre>
 */
final class TenancyPolicyFile {

  /** The file as written: its rules and nothing else. */
  private record Document(List<TenancyPolicy.Rule> rules) {}

  private TenancyPolicyFile() {}

  /**
   * The policy in {@code file}, named by its path in refusals; allow-all when there is no file.
   * Throws IllegalArgumentException naming the file and the problem; the operator won't start.
   *
   * @param from where the file comes from, e.g. the ConfigMap it is mounted from (the Helm chart
   *     says so through TENANCY_POLICY_SOURCE); null when it is only a file
   */
  static TenancyPolicy load(String file, String from) {
    if (file == null) {
      return TenancyPolicy.allowAll();
    }
    try {
      Document policy =
          new KubernetesSerialization().unmarshal(Files.readString(Path.of(file)), Document.class);
      if (policy == null || policy.rules() == null) {
        throw new IllegalArgumentException(
            "tenancy policy " + file + " has no 'rules:' list (an empty list denies everything)");
      }
      for (var rule : policy.rules()) {
        if (rule.namespaces().isEmpty() || rule.tables().isEmpty()) {
          throw new IllegalArgumentException(
              "tenancy policy " + file + ": every rule needs namespaces and tables");
        }
      }
      return new TenancyPolicy(
          policy.rules(), "file " + file + (from == null || from.isBlank() ? "" : ", " + from));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read tenancy policy " + file + ": " + e, e);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new IllegalArgumentException("tenancy policy " + file + " is not valid: " + e, e);
    }
  }
}
