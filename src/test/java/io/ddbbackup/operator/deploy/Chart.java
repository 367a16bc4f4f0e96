package io.ddbbackup.operator.deploy;

import io.ddbbackup.operator.testing.Cli;
import io.ddbbackup.operator.testing.Tools;
import java.util.ArrayList;
import java.util.List;

/** Renders charts/dynamodb-backup-operator with helm, the way users install it. */
final class Chart {

  static final String PATH = "charts/dynamodb-backup-operator";

  private Chart() {}

  /** {@code helm template <release> <chart> -n <namespace> <args...>}, checked to succeed. */
  static String template(String release, String namespace, String... args) {
    return templateResult(release, namespace, args).ok().out();
  }

  static Cli.Result templateResult(String release, String namespace, String... args) {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(Tools.helm().toString(), "template", release, PATH, "--namespace", namespace));
    command.addAll(List.of(args));
    return Cli.run(command);
  }

  static Manifests render(String... args) {
    return Manifests.parse(template("ddb", "ddbbackup-system", args));
  }
}
