package io.ddbbackup.operator.cli;

import picocli.CommandLine.Option;

/** kubectl's own flags, with kubectl's meaning, for every subcommand that talks to the cluster. */
public final class KubeOptions {

  @Option(
      names = "--kubeconfig",
      paramLabel = "PATH",
      description = "Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
  String kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "The kubeconfig context to use (default: its current-context).")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "The namespace (default: the context's namespace, else default).")
  String namespace;

  public String kubeconfig() {
    return kubeconfig;
  }

  public String context() {
    return context;
  }

  /** {@code -n}, or null to use the context's. */
  public String namespace() {
    return namespace;
  }
}
