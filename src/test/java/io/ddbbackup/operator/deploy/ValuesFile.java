package io.ddbbackup.operator.deploy;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The chart's values.yaml as dotted paths to its leaves (an empty map or list is a leaf). */
final class ValuesFile {

  private ValuesFile() {}

  static List<String> leafPaths() {
    @SuppressWarnings("unchecked")
    Map<String, Object> values =
        new KubernetesSerialization()
            .unmarshal(ProjectFiles.read(Chart.PATH + "/values.yaml"), Map.class);
    List<String> paths = new ArrayList<>();
    collect("", values, paths);
    return paths;
  }

  @SuppressWarnings("unchecked")
  private static void collect(String prefix, Map<String, Object> map, List<String> out) {
    map.forEach(
        (key, value) -> {
          String path = prefix.isEmpty() ? key : prefix + "." + key;
          if (value instanceof Map<?, ?> child && !child.isEmpty()) {
            collect(path, (Map<String, Object>) child, out);
          } else {
            out.add(path);
          }
        });
  }
}
