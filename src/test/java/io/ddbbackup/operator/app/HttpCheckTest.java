package io.ddbbackup.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The `check` mode the chart's helm test pod runs: exit 0 only if every URL answers 200. */
class HttpCheckTest {

  private static HttpServer server;
  private static String base;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @BeforeAll
  static void serveOneHealthyAndOneUnreadyPath() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/readyz", exchange -> respond(exchange, 200));
    server.createContext("/starting", exchange -> respond(exchange, 503));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int code)
      throws IOException {
    exchange.sendResponseHeaders(code, -1);
    exchange.close();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void everyUrlAnswering200ExitsZero() {
    assertThat(HttpCheck.run(List.of(base + "/readyz", base + "/readyz"), out)).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("/readyz: 200 OK");
  }

  @Test
  void oneUrlAnsweringOtherThan200ExitsOneAndSaysWhich() {
    assertThat(HttpCheck.run(List.of(base + "/readyz", base + "/starting"), out)).isEqualTo(1);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("/starting: 503 FAILED");
  }

  @Test
  void nothingListeningExitsOne() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }

    assertThat(HttpCheck.run(List.of("http://127.0.0.1:" + closed + "/readyz"), out)).isEqualTo(1);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("FAILED");
  }

  @Test
  void noUrlOrANonHttpUrlIsAUsageError() {
    assertThat(HttpCheck.run(List.of(), out)).isEqualTo(2);
    assertThat(HttpCheck.run(List.of("ftp://127.0.0.1/readyz"), out)).isEqualTo(2);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Usage:", "not an http(s) URL");
  }
}
