package io.ddbbackup.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kubernetes' garbage collector beside the test's kube-apiserver: kube-controller-manager (built by
 * scripts/install-tools.sh with the node's tools) running the {@code garbagecollector} controller
 * alone, as cluster-admin, serving nothing. With it, deleting an owner deletes what its owner
 * references point to, as on a real cluster (kube-apiserver alone never does). Log: {@code
 * <workDir>/garbage-collector.log}.
 */
public final class GarbageCollector implements AutoCloseable {

  private final Process process;

  private GarbageCollector(Process process) {
    this.process = process;
  }

  /** Starts it against the control plane's admin kubeconfig. */
  public static GarbageCollector start(ControlPlane plane, Path workDir) {
    Path binary = Tools.kubeControllerManager();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    binary.toString(),
                    "--kubeconfig=" + plane.adminKubeconfig(),
                    "--controllers=garbagecollector",
                    "--leader-elect=false",
                    "--secure-port=0",
                    "--concurrent-gc-syncs=5"))
            .redirectErrorStream(true);
    builder.redirectOutput(
        ProcessBuilder.Redirect.appendTo(workDir.resolve("garbage-collector.log").toFile()));
    try {
      return new GarbageCollector(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + binary, e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
