package io.ddbbackup.operator.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A connection to the cluster the kubectl flags name, and the namespace they mean. Tests give the
 * commands a client of their own instead ({@link KubectlDdb#KubectlDdb(Services)}).
 */
public record Cluster(KubernetesClient client, String namespace, boolean ownsClient)
    implements AutoCloseable {

  /** A client someone else closes (a test's). */
  public static Cluster borrowing(KubernetesClient client, String namespace) {
    return new Cluster(client, namespace, false);
  }

  /** kubectl's rules: --kubeconfig, else $KUBECONFIG, else ~/.kube/config; --context or current. */
  public static Cluster connect(KubeOptions options) {
    Config config;
    if (options.kubeconfig() != null) {
      Path path = Path.of(options.kubeconfig());
      String text;
      try {
        text = Files.readString(path);
      } catch (IOException e) {
        throw new CliException(
            "cannot read --kubeconfig %s (%s): pass the path of a readable kubeconfig file"
                .formatted(path, e.getMessage()));
      }
      try {
        config = Config.fromKubeconfig(options.context(), text, path.toString());
      } catch (RuntimeException e) {
        throw new CliException(
            "--kubeconfig %s: %s; check the file and --context".formatted(path, e.getMessage()));
      }
    } else {
      config = Config.autoConfigure(options.context());
    }
    if (options.context() != null && !options.context().equals(currentContextName(config))) {
      throw new CliException(
          "context \"%s\" is not in the kubeconfig: list the contexts with kubectl config"
                  .formatted(options.context())
              + " get-contexts");
    }
    String namespace = options.namespace();
    if (namespace == null) {
      namespace = config.getNamespace() == null ? "default" : config.getNamespace();
    }
    return new Cluster(new KubernetesClientBuilder().withConfig(config).build(), namespace, true);
  }

  private static String currentContextName(Config config) {
    return config.getCurrentContext() == null ? null : config.getCurrentContext().getName();
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
