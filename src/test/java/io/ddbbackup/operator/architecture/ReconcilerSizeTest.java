package io.ddbbackup.operator.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reconcile code stays readable as parts with one job each (docs/architecture.md): no class of
 * {@code reconciler/} over 320 lines, no method or constructor over 40, counted on the formatted
 * sources. A part that grows past either is split, not waved through.
 */
class ReconcilerSizeTest {

  static final int MAX_CLASS_LINES = 320;
  static final int MAX_METHOD_LINES = 40;

  private static final Path RECONCILER = Path.of("src/main/java/io/ddbbackup/operator/reconciler");

  @Test
  void noReconcilerClassIsOver320LinesAndNoMethodOver40() {
    List<String> tooLong = new ArrayList<>();
    List<Path> sources = sources();
    for (Path source : sources) {
      List<String> lines = read(source);
      String file = RECONCILER.relativize(source).toString();
      if (lines.size() > MAX_CLASS_LINES) {
        tooLong.add(file + ": " + lines.size() + " lines");
      }
      for (SourceSizes.Method m : SourceSizes.methods(lines)) {
        if (m.lines() > MAX_METHOD_LINES) {
          tooLong.add(file + ":" + m.line() + " " + m.name() + "(): " + m.lines() + " lines");
        }
      }
    }
    assertThat(sources).as("the reconciler sources are found").hasSizeGreaterThan(50);
    assertThat(tooLong).as("split these into parts with one job each").isEmpty();
  }

  @Test
  void theMethodCountSeesMethodsConstructorsAndNestedClassesAndSkipsStatements() {
    List<String> source =
        List.of(
            "class Sample {",
            "  private final int x;",
            "",
            "  private Sample() {}",
            "",
            "  Sample(int x) {",
            "    this.x = x;",
            "  }",
            "",
            "  public static <T> List<T> wrapped(",
            "      List<T> a, int b) {",
            "    if (b > 0) {",
            "      run(() -> {",
            "      });",
            "    }",
            "    Foo(b);",
            "    return a;",
            "  }",
            "",
            "  abstract void none();",
            "",
            "  static final class Inner {",
            "    private Map<String, Integer> inner() {",
            "      return Map.of();",
            "    }",
            "  }",
            "}");

    assertThat(SourceSizes.methods(source))
        .containsExactly(
            new SourceSizes.Method("Sample", 4, 1),
            new SourceSizes.Method("Sample", 6, 3),
            new SourceSizes.Method("wrapped", 10, 9),
            new SourceSizes.Method("inner", 23, 3));
  }

  private static List<Path> sources() {
    try (Stream<Path> files = Files.walk(RECONCILER)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> read(Path source) {
    try {
      return Files.readAllLines(source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
