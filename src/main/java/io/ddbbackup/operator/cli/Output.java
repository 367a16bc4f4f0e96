package io.ddbbackup.operator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command writes and how: plain aligned tables (kubectl's look: upper-case headers, columns
 * three spaces apart), JSON and YAML. Colours are decided once, by {@link Color#wanted}.
 */
public final class Output {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private final PrintWriter out;
  private final boolean colors;

  public Output(PrintWriter out, boolean colors) {
    this.out = out;
    this.colors = colors;
  }

  public PrintWriter writer() {
    return out;
  }

  public boolean colors() {
    return colors;
  }

  public void line(String text) {
    out.println(text);
    out.flush();
  }

  /** {@code value} as JSON or YAML. */
  public void document(Object value, OutputFormat format) {
    try {
      String text =
          format == OutputFormat.yaml
              ? YAML.writeValueAsString(value)
              : JSON.writeValueAsString(value) + System.lineSeparator();
      out.print(text);
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + format + ": " + e.getMessage(), e);
    }
  }

  /** A table whose cells may carry a colour; widths are measured on the text without colour. */
  public void table(List<String> headers, List<List<Cell>> rows) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < headers.size(); i++) {
      widths[i] = headers.get(i).length();
    }
    for (List<Cell> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).text().length());
      }
    }
    List<Cell> header = new ArrayList<>();
    headers.forEach(h -> header.add(Cell.plain(h)));
    printRow(header, widths);
    rows.forEach(r -> printRow(r, widths));
    out.flush();
  }

  private void printRow(List<Cell> row, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < row.size(); i++) {
      Cell cell = row.get(i);
      line.append(cell.color().paint(cell.text(), colors));
      if (i < row.size() - 1) {
        line.append(" ".repeat(widths[i] - cell.text().length() + 3));
      }
    }
    out.println(line);
  }

  /** One table cell. */
  public record Cell(String text, Color color) {
    public static Cell plain(String text) {
      return new Cell(text == null || text.isEmpty() ? "-" : text, Color.NONE);
    }

    public static Cell colored(String text, Color color) {
      return new Cell(text == null || text.isEmpty() ? "-" : text, color);
    }
  }
}
