package io.ddbbackup.operator.cli;

import io.ddbbackup.operator.backup.BackupStoreException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Every failure as one line on stderr that names the fix, never a stack trace: a person reads it in
 * a terminal, a script in a CI log.
 */
final class Failures implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine line, ParseResult parsed) {
    line.getErr().println("error: " + oneLine(message(e)));
    line.getErr().flush();
    return ExitCode.ERROR;
  }

  static String message(Throwable e) {
    if (e instanceof CliException) {
      return e.getMessage();
    }
    if (e instanceof KubernetesClientException k) {
      return kubernetes(k);
    }
    if (e instanceof BackupStoreException b) {
      return "DynamoDB: " + b.getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static String kubernetes(KubernetesClientException e) {
    int code = e.getCode();
    String status = e.getStatus() == null ? null : e.getStatus().getMessage();
    if (code == 401) {
      return "the API server refused the credentials (401): refresh them (log in again) or pick"
          + " another --context";
    }
    if (code == 403) {
      return "forbidden: %s; ask for RBAC on dynamodbbackupschedules/dynamodbrestores.ddbbackup.io"
          .formatted(status == null ? e.getMessage() : status);
    }
    if (code == 404 && status != null && status.contains("the server could not find")) {
      return "the ddbbackup.io CRDs are not installed in this cluster: kubectl apply"
          + " --server-side -f crds/ (or install the Helm chart)";
    }
    if (code == 0 && hasCause(e, IOException.class)) {
      return "cannot reach the API server (%s): check --context, --kubeconfig or $KUBECONFIG"
          .formatted(rootMessage(e));
    }
    return status != null ? status : e.getMessage();
  }

  private static boolean hasCause(Throwable e, Class<?> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  static String oneLine(String text) {
    return text == null ? "unknown error" : text.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
