package io.ddbbackup.operator.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Follows a resource with a watch (no polling) until it is done, printing each new state once on
 * stderr, so stdout keeps only the command's result (an ARN, a table) for a script to capture.
 */
public final class Follow {

  private Follow() {}

  /**
   * @param progress the state worth a line (e.g. "backup X is CREATING"), null while nothing to say
   * @param done true when following may stop (the caller then reads what happened); it must not
   *     throw, since it runs on the watch's thread
   */
  public static <T extends HasMetadata> T until(
      Resource<T> resource,
      Function<T, String> progress,
      Predicate<T> done,
      Duration timeout,
      PrintWriter err,
      String what) {
    String[] said = {null};
    try {
      T last =
          resource.waitUntilCondition(
              r -> {
                if (r == null) {
                  return true; // deleted: stop and say so below
                }
                String line = progress.apply(r);
                if (line != null && !Objects.equals(line, said[0])) {
                  said[0] = line;
                  err.println(line);
                  err.flush();
                }
                return done.test(r);
              },
              timeout.toMillis(),
              TimeUnit.MILLISECONDS);
      if (last == null) {
        throw new CliException(what + " was deleted while following it");
      }
      return last;
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCause() instanceof java.util.concurrent.TimeoutException
          || String.valueOf(e.getMessage()).contains("timed out")) {
        throw new CliException(
            "%s is not done after %s: it goes on in the cluster; follow it again with --wait or"
                    .formatted(what, Age.human(timeout))
                + " a longer --timeout");
      }
      throw e;
    }
  }
}
