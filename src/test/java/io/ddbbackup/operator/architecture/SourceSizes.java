package io.ddbbackup.operator.architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods of a formatted Java source (google-java-format, which the build applies): a member
 * declaration starts a line, its body ends at the first later line that holds only a closing brace
 * at the declaration's own indentation. Lines are counted from the declaration to that brace.
 */
final class SourceSizes {

  /** One method or constructor: its name, the line it starts on (1-based) and its length. */
  record Method(String name, int line, int lines) {}

  private static final Pattern DECLARATION =
      Pattern.compile(
          "^( +)(?:@\\w+ )*(?:(?:public|protected|private|static|final|synchronized|abstract"
              + "|default)\\s+)*(?:<[^>]+>\\s+)?(?:([\\w.<>\\[\\]?, ]+?)\\s+)?(\\w+)\\(.*");

  private static final Pattern NOT_A_MEMBER =
      Pattern.compile(
          "^\\s*(return|new|throw|else|if|for|while|switch|catch|case|try|do|yield|assert)\\b.*"
              + "|.*\\b(class|record|enum|interface)\\s.*|.*->.*|.*=.*\\(.*");

  private SourceSizes() {}

  static List<Method> methods(List<String> lines) {
    List<Method> methods = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = DECLARATION.matcher(line);
      if (!m.matches() || NOT_A_MEMBER.matcher(line).matches()) {
        continue;
      }
      boolean constructor = m.group(2) == null;
      if (constructor && !Character.isUpperCase(m.group(3).charAt(0))) {
        continue; // a call statement, not a constructor
      }
      int open = bodyOpens(lines, i);
      if (open >= 0 && lines.get(open).strip().endsWith("{}")) {
        methods.add(new Method(m.group(3), i + 1, open - i + 1));
        continue;
      }
      if (open < 0) {
        continue; // abstract, an interface method, or a statement
      }
      String close = m.group(1) + "}";
      for (int j = open + 1; j < lines.size(); j++) {
        if (lines.get(j).equals(close)) {
          methods.add(new Method(m.group(3), i + 1, j - i + 1));
          break;
        }
      }
    }
    return methods;
  }

  /** The line where the declaration's body opens (or is {}); -1 when a ';' comes first. */
  private static int bodyOpens(List<String> lines, int from) {
    for (int j = from; j < lines.size(); j++) {
      String line = lines.get(j).strip();
      if (line.contains(";")) {
        return -1;
      }
      if (line.endsWith("{") || line.endsWith("{}")) {
        return j;
      }
    }
    return -1;
  }
}
