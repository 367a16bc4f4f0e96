package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * config/argocd/argocd-cm.yaml is generated from the Lua scripts next to it, so the scripts the
 * tests run are the scripts users install. Regenerate with {@code mvn test
 * -Dtest=ArgoCdConfigMapTest -Dargocd.update=true}.
 */
class ArgoCdConfigMapTest {

  private static final String FILE = "config/argocd/argocd-cm.yaml";
  private static final String HEALTH_KEY =
      "resource.customizations.health.ddbbackup.io_DynamoDBBackupSchedule";
  private static final String ACTIONS_KEY =
      "resource.customizations.actions.ddbbackup.io_DynamoDBBackupSchedule";
  private static final String RESTORE_HEALTH_KEY =
      "resource.customizations.health.ddbbackup.io_DynamoDBRestore";
  private static final String POLICY_HEALTH_KEY =
      "resource.customizations.health.ddbbackup.io_DynamoDBBackupPolicy";

  @Test
  void theCommittedSnippetIsGeneratedFromTheLuaScripts() throws IOException {
    String expected = generate();
    if (Boolean.getBoolean("argocd.update")) {
      Files.writeString(ProjectFiles.path(FILE), expected, StandardCharsets.UTF_8);
    }
    assertThat(ProjectFiles.read(FILE))
        .as("%s is stale: mvn test -Dtest=ArgoCdConfigMapTest -Dargocd.update=true", FILE)
        .isEqualTo(expected);
  }

  @Test
  @SuppressWarnings("unchecked")
  void argoCdReadsTheSameLuaBackOutOfTheSnippet() {
    Map<String, Object> configMap = new Yaml().load(ProjectFiles.read(FILE));
    Map<String, String> data = (Map<String, String>) configMap.get("data");

    assertThat(data.get(HEALTH_KEY)).isEqualTo(lua("health.lua"));
    assertThat(data.get(RESTORE_HEALTH_KEY)).isEqualTo(lua("restore-health.lua"));
    assertThat(data.get(POLICY_HEALTH_KEY)).isEqualTo(lua("policy-health.lua"));

    // the actions value is itself YAML, parsed by Argo CD
    Map<String, Object> actions = new Yaml().load(data.get(ACTIONS_KEY));
    assertThat(actions.get("discovery.lua")).isEqualTo(lua("backup-now-discovery.lua"));
    List<Map<String, String>> definitions = (List<Map<String, String>>) actions.get("definitions");
    assertThat(definitions).hasSize(1);
    assertThat(definitions.get(0))
        .containsEntry("name", "backup-now")
        .containsEntry("action.lua", lua("backup-now-action.lua"));
  }

  private static String generate() {
    return """
        # Generated from config/argocd/*.lua by ArgoCdConfigMapTest; edit the .lua files, then
        #   mvn test -Dtest=ArgoCdConfigMapTest -Dargocd.update=true
        # Merge into Argo CD's argocd-cm (docs/argocd.md):
        #   kubectl -n argocd patch configmap argocd-cm --patch-file config/argocd/argocd-cm.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: argocd-cm
          namespace: argocd
          labels:
            app.kubernetes.io/name: argocd-cm
            app.kubernetes.io/part-of: argocd
        data:
          %s: |
        %s
          %s: |
            discovery.lua: |
        %s
            definitions:
              - name: backup-now
                action.lua: |
        %s
          %s: |
        %s
          %s: |
        %s
        """
        .formatted(
            HEALTH_KEY,
            indent(lua("health.lua"), 4),
            ACTIONS_KEY,
            indent(lua("backup-now-discovery.lua"), 6),
            indent(lua("backup-now-action.lua"), 10),
            RESTORE_HEALTH_KEY,
            indent(lua("restore-health.lua"), 4),
            POLICY_HEALTH_KEY,
            indent(lua("policy-health.lua"), 4));
  }

  private static String lua(String name) {
    return ProjectFiles.read("config/argocd/" + name);
  }

  /**
   * Block-scalar body: every non-empty line indented, no trailing newline (the template adds it).
   */
  private static String indent(String text, int spaces) {
    String pad = " ".repeat(spaces);
    return text.stripTrailing()
        .lines()
        .map(line -> line.isEmpty() ? "" : pad + line)
        .reduce((a, b) -> a + "\n" + b)
        .orElse("");
  }
}
