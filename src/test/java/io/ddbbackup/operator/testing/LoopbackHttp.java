package io.ddbbackup.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP to a component on loopback: moto's admin API, the operator's probes and metrics. */
public final class LoopbackHttp {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private LoopbackHttp() {}

  public static HttpResponse<String> get(String url, Duration timeout) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build());
  }

  /** The answer as text; a connection that fails is an {@link UncheckedIOException}. */
  public static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
