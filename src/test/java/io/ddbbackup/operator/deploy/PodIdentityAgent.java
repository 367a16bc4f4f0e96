package io.ddbbackup.operator.deploy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the EKS Pod Identity agent of a node: {@code GET /v1/credentials} answers with
 * temporary credentials (in the container credentials format the AWS SDKs read) only when the
 * Authorization header is the pod's token, and 403 otherwise. It remembers every Authorization
 * header it was sent.
 */
final class PodIdentityAgent implements AutoCloseable {

  final String token;
  private final HttpServer server;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  PodIdentityAgent(String token) {
    this.token = token;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/v1/credentials",
        exchange -> {
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          authorizations.add(authorization == null ? "" : authorization);
          boolean allowed = token.equals(authorization);
          String body =
              allowed
                  ? """
                  {"AccessKeyId":"ASIAPODIDENTITYTEST1","SecretAccessKey":"pod-identity-secret",\
                  "Token":"pod-identity-session","AccountId":"123456789012","Expiration":"%s"}"""
                      .formatted(Instant.now().plus(1, ChronoUnit.HOURS))
                  : "{\"message\":\"the token is not this pod's\"}";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(allowed ? 200 : 403, bytes.length);
          try (var out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/credentials";
  }

  /** Every Authorization header received, in order. */
  List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
