package io.ddbbackup.operator.app;

import io.ddbbackup.operator.reconciler.TenancyPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

  private TenancyPolicyFile() {}

  /** Throws IllegalArgumentException naming the file and the problem; the operator won't start. */
  static TenancyPolicy load(String file) {
    if (file == null) {
      return TenancyPolicy.allowAll();
    }
    try {
      TenancyPolicy policy =
          new KubernetesSerialization()
              .unmarshal(Files.readString(Path.of(file)), TenancyPolicy.class);
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
      return policy;
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
