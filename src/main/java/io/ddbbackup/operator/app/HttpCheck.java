package io.ddbbackup.operator.app;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * {@code java -jar dynamodb-backup-operator.jar check URL...}: GETs each URL and exits 0 only if
 * every one answers 200. The image has no shell and no curl; the chart's {@code helm test} pod runs
 * the operator's own image in this mode against the operator's Service.
 */
final class HttpCheck {

  static final String USAGE =
      """
      Usage: java -jar dynamodb-backup-operator.jar check URL...
      GETs each URL (5 s timeout) and exits 0 if every one answers 200, else 1.
      """;

  private HttpCheck() {}

  /** The exit code: 0 when every URL answered 200, 1 otherwise, 2 without a valid URL. */
  static int run(List<String> urls, PrintStream out) {
    if (urls.isEmpty()) {
      out.print(USAGE);
      return 2;
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int exit = 0;
    for (String url : urls) {
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        out.println("check " + url + ": not a URL (" + e.getMessage() + ")");
        return 2;
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        out.println("check " + url + ": not an http(s) URL");
        return 2;
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        boolean ok = response.statusCode() == 200;
        out.println("check " + url + ": " + response.statusCode() + (ok ? " OK" : " FAILED"));
        if (!ok) {
          exit = 1;
        }
      } catch (IOException e) {
        out.println(
            "check " + url + ": FAILED, " + e.getClass().getSimpleName() + " " + e.getMessage());
        exit = 1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }
    return exit;
  }
}
