package io.ddbbackup.operator.aws;

import java.util.HashMap;
import java.util.Map;

/** Sets JVM system properties for one test and puts the old values back on close. */
final class SystemProperties implements AutoCloseable {

  private final Map<String, String> previous = new HashMap<>();

  SystemProperties set(String key, String value) {
    if (!previous.containsKey(key)) { // not putIfAbsent: a remembered null must stay null
      previous.put(key, System.getProperty(key));
    }
    System.setProperty(key, value);
    return this;
  }

  @Override
  public void close() {
    previous.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
    previous.clear();
  }
}
