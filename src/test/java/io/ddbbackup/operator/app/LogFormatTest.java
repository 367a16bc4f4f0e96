package io.ddbbackup.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The released logback.xml with LOG_FORMAT set as a user would set it: every value logs, JSON in
 * any case as JSON lines, anything unknown as text with a warning.
 */
class LogFormatTest {

  @ParameterizedTest(name = "LOG_FORMAT={0} logs JSON lines")
  @ValueSource(strings = {"json", "JSON", "Json", " json "})
  void jsonInAnyCaseLogsOneJsonObjectPerLine(String value) throws Exception {
    String out = logThroughTheReleasedConfiguration(value, "a backup was made");

    JsonNode line = new ObjectMapper().readTree(out.lines().findFirst().orElseThrow());
    assertThat(line.get("formattedMessage").asText()).isEqualTo("a backup was made");
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(LogFormat.warning(value)).isEmpty();
  }

  @ParameterizedTest(name = "LOG_FORMAT=\"{0}\" logs text")
  @CsvSource(
      value = {"text,false", "TEXT,false", "'',false", "NULL,false", "yaml,true", "jsonl,true"},
      nullValues = "NULL")
  void anythingElseLogsTextAndAnUnknownValueIsWarnedAbout(String value, boolean warned)
      throws Exception {
    String out = logThroughTheReleasedConfiguration(value, "a backup was made");

    assertThat(out).contains(" INFO ").contains("- a backup was made").doesNotStartWith("{");
    assertThat(LogFormat.warning(value).isPresent()).isEqualTo(warned);
    LogFormat.warning(value)
        .ifPresent(w -> assertThat(w).contains("LOG_FORMAT=" + value).contains("text"));
  }

  /** Configures a fresh logback context from src/main/resources/logback.xml and logs one line. */
  private static String logThroughTheReleasedConfiguration(String logFormat, String message)
      throws Exception {
    URL config =
        io.ddbbackup.operator.testing.Tools.projectRoot()
            .resolve("src/main/resources/logback.xml")
            .toUri()
            .toURL();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    if (logFormat != null) {
      context.putProperty("LOG_FORMAT", logFormat);
    }
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(config);
      context.getLogger("io.ddbbackup.operator.test").info(message);
      ch.qos.logback.core.util.StatusPrinter2 p = new ch.qos.logback.core.util.StatusPrinter2();
      p.setPrintStream(stdout);
      p.print(context);
    } finally {
      System.setOut(stdout);
      context.stop();
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
