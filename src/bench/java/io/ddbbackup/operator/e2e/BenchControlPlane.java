package io.ddbbackup.operator.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * The e2e harness's {@link ControlPlane}, opened to the benchmark (which lives in another package
 * and is compiled only by {@code -Pbench}). No logic of its own: one control plane, not two.
 */
public final class BenchControlPlane implements AutoCloseable {

  private final ControlPlane plane;

  public BenchControlPlane(Path workDir) {
    this.plane = new ControlPlane(workDir);
  }

  public BenchControlPlane start() {
    plane.start();
    return this;
  }

  public KubernetesClient admin() {
    return plane.admin();
  }

  /** Authenticates as the operator's ServiceAccount, so RBAC applies as in a cluster. */
  public Path operatorKubeconfig() {
    return plane.operatorKubeconfig();
  }

  public void createNamespace(String name) {
    plane.createNamespace(name);
  }

  @Override
  public void close() {
    plane.close();
  }
}
