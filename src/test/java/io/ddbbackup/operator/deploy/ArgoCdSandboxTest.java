package io.ddbbackup.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.luaj.vm2.LuaError;

/**
 * The test sandbox refuses what Argo CD's refuses (no string or math library, no global os), so a
 * script that would fail in Argo CD fails the tests, and it allows what Argo CD allows.
 */
class ArgoCdSandboxTest {

  @ParameterizedTest(name = "Argo CD would refuse: {0}")
  @ValueSource(
      strings = {
        "return os.date('!%Y')",
        "return string.format('%d', 1)",
        "return ('abc'):upper()",
        "return string.sub('abc', 1, 1)",
        "return math.floor(1.5)",
        "return io.open('/etc/passwd')",
        "local os = require('os'); return os.exit(1)",
        "return require('os').getenv('HOME')"
      })
  void aCallOutsideArgoCdsLibrariesFails(String script) {
    assertThatThrownBy(() -> ArgoCdLua.runSource(script, "probe.lua", object()))
        .isInstanceOf(LuaError.class);
  }

  @ParameterizedTest(name = "Argo CD allows: {0}")
  @ValueSource(
      strings = {
        "local os = require('os'); return os.date('!%Y-%m-%dT%H:%M:%SZ')",
        "return require('os').time()",
        "return table.concat({'a', 'b'}, ',')",
        "return tostring(42) .. ' ' .. #'abc'",
        "local n = 0; for _, v in ipairs({1, 2}) do n = n + v end; return n",
        "return type(actionParams)"
      })
  void theBaseTableAndSafeOsFunctionsWork(String script) {
    assertThat(ArgoCdLua.runSource(script, "probe.lua", object()).isnil()).isFalse();
  }

  private static com.fasterxml.jackson.databind.JsonNode object() {
    return JsonNodeFactory.instance.objectNode().putObject("metadata").put("name", "x");
  }
}
