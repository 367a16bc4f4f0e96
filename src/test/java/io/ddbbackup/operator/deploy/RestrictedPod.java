package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * What the chart and config/manager promise about the operator's pod: Pod Security "restricted"
 * plus a read-only root filesystem with a writable /tmp, probes on the health endpoints, and the
 * JVM settings the image needs.
 */
final class RestrictedPod {

  private RestrictedPod() {}

  static void assertRestricted(PodSpec pod) {
    var podContext = pod.getSecurityContext();
    assertThat(podContext.getRunAsNonRoot()).isTrue();
    assertThat(podContext.getRunAsUser()).isEqualTo(65532L);
    assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getContainers()).hasSize(1);

    Container operator = pod.getContainers().get(0);
    var context = operator.getSecurityContext();
    assertThat(context.getAllowPrivilegeEscalation()).isFalse();
    assertThat(context.getReadOnlyRootFilesystem()).isTrue();
    assertThat(context.getRunAsNonRoot()).isNotEqualTo(Boolean.FALSE);
    assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();

    assertThat(operator.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    String tmpVolume =
        operator.getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals("/tmp"))
            .findFirst()
            .orElseThrow()
            .getName();
    Volume tmp =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals(tmpVolume))
            .findFirst()
            .orElseThrow();
    assertThat(tmp.getEmptyDir()).isNotNull();

    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("http-metrics");
    assertThat(operator.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getName()).isEqualTo("http-metrics"));
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKey("memory");

    assertThat(env(operator, "JAVA_TOOL_OPTIONS"))
        .contains("-XX:+ExitOnOutOfMemoryError")
        .contains("-XX:MaxRAMPercentage=");
    assertThat(env(operator, "LEADER_ELECTION")).isEqualTo("true");
    assertThat(operator.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("LEASE_NAMESPACE");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                  .isEqualTo("metadata.namespace");
            });
  }

  /** The field a {@code valueFrom.fieldRef} env var reads. */
  static String envFrom(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name) && e.getValueFrom() != null)
        .findFirst()
        .map(e -> e.getValueFrom().getFieldRef().getFieldPath())
        .orElseThrow(() -> new AssertionError("no env " + name + " from a field"));
  }

  static String env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .map(e -> e.getValue())
        .orElseThrow(() -> new AssertionError("no env " + name));
  }
}
