package io.ddbbackup.operator.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Multi-document YAML (helm template, kubectl kustomize) as typed fabric8 objects. */
final class Manifests {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private final List<HasMetadata> objects;

  private Manifests(List<HasMetadata> objects) {
    this.objects = objects;
  }

  static Manifests parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : SEPARATOR.split(yaml)) {
      boolean empty =
          Arrays.stream(doc.split("\n"))
              .map(String::trim)
              .allMatch(l -> l.isEmpty() || l.startsWith("#"));
      if (!empty) {
        KubernetesResource resource = SERIALIZATION.unmarshal(doc);
        objects.add((HasMetadata) resource);
      }
    }
    return new Manifests(List.copyOf(objects));
  }

  List<HasMetadata> all() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  /** The operator's own ServiceAccount: the Deployment's (the chart renders the replay one too). */
  io.fabric8.kubernetes.api.model.ServiceAccount operatorAccount() {
    String name =
        one(io.fabric8.kubernetes.api.model.apps.Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getServiceAccountName();
    return named(io.fabric8.kubernetes.api.model.ServiceAccount.class, name)
        .orElseThrow(() -> new AssertionError("no ServiceAccount " + name));
  }

  <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  List<String> kinds() {
    return objects.stream().map(HasMetadata::getKind).sorted().toList();
  }
}
