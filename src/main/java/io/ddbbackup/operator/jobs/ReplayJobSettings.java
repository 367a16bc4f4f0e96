package io.ddbbackup.operator.jobs;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How the operator makes its replay Jobs: where, from which image, as whom, how big.
 *
 * @param namespace the Jobs' namespace (the operator's own: its RBAC on Jobs is granted there only)
 * @param image the operator's own image, whose {@code replay} command the pods run; null when the
 *     operator was started without one (then no Job can be made, and {@link
 *     KubernetesReplayJobs#ensure} says which flag is missing)
 * @param imagePullPolicy Always, IfNotPresent or Never
 * @param serviceAccount the replay pods' ServiceAccount (its IAM role writes the restore's table)
 * @param cpu each pod's CPU request
 * @param memory each pod's memory request and limit
 * @param env environment variables every pod gets ({@link #passedThrough})
 */
public record ReplayJobSettings(
    String namespace,
    String image,
    String imagePullPolicy,
    String serviceAccount,
    String cpu,
    String memory,
    Map<String, String> env) {

  public ReplayJobSettings {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(imagePullPolicy, "imagePullPolicy");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(memory, "memory");
    env = Map.copyOf(env);
  }

  /**
   * The part of the operator's environment its replay pods need too: the default region and the
   * endpoints the AWS SDK is pointed at (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, …), the STS
   * endpoint choice, and the log settings. Never credentials: the pods get their own through the
   * replay ServiceAccount (IRSA or EKS Pod Identity), and a Job's spec is readable by anyone who
   * may read Jobs.
   */
  public static Map<String, String> passedThrough(Map<String, String> operatorEnv) {
    Map<String, String> passed = new TreeMap<>();
    operatorEnv.forEach(
        (name, value) -> {
          if (value != null && !value.isBlank() && passes(name)) {
            passed.put(name, value);
          }
        });
    return passed;
  }

  private static boolean passes(String name) {
    return name.equals("AWS_REGION")
        || name.startsWith("AWS_ENDPOINT_URL")
        || name.equals("AWS_STS_REGIONAL_ENDPOINTS")
        || name.equals("LOG_FORMAT")
        || name.equals("LOG_LEVEL");
  }
}
