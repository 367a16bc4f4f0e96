package io.ddbbackup.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseOsLib;

/**
 * Runs a resource customization script the way Argo CD does (util/lua/lua.go and oslib_safe.go of
 * Argo CD): the resource as the global table {@code obj}, an empty global {@code actionParams}, and
 * only the base, package and table libraries. There is no string and no math library (so no {@code
 * string.format}, no {@code ("x"):upper()}, no {@code math.floor}) and no global {@code os}: {@code
 * require("os")} gives a module with only {@code date} and {@code time}, which Argo CD also
 * registers into {@code table}. A script that needs more fails here as it would there.
 */
final class ArgoCdLua {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ArgoCdLua() {}

  /** Runs {@code config/argocd/<script>} with {@code obj} = the resource; returns its value. */
  static LuaValue run(String script, JsonNode resource) {
    return runSource(ProjectFiles.read("config/argocd/" + script), script, resource);
  }

  /** Runs Lua source in the sandbox; a call Argo CD would not allow throws LuaError. */
  static LuaValue runSource(String source, String name, JsonNode resource) {
    Globals globals = sandbox();
    globals.set("obj", toLua(resource));
    return globals.load(source, name).call();
  }

  static JsonNode fixture(String name) {
    try {
      return YAML.readTree(ProjectFiles.resource("argocd/" + name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Globals sandbox() {
    Globals globals = new Globals();
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    LoadState.install(globals);
    LuaC.install(globals);
    // LuaJ keeps the string metatable (string methods) in a static field that any StringLib
    // sets; Argo CD's strings have none
    LuaString.s_metatable = null;
    LuaTable safeOs = safeOs();
    // Argo CD's OpenSafeOs registers date and time into the table module, not as a global os
    globals.get("table").set("date", safeOs.get("date"));
    globals.get("table").set("time", safeOs.get("time"));
    globals.set("actionParams", new LuaTable());
    globals
        .get("package")
        .get("preload")
        .set(
            "os",
            new OneArgFunction() {
              @Override
              public LuaValue call(LuaValue name) {
                return safeOs;
              }
            });
    return globals;
  }

  private static LuaTable safeOs() {
    Globals scratch = new Globals();
    scratch.load(new PackageLib());
    scratch.load(new JseOsLib());
    LuaValue os = scratch.get("os");
    LuaTable safe = new LuaTable();
    safe.set("date", os.get("date"));
    safe.set("time", os.get("time"));
    return safe;
  }

  /** JSON to Lua the way Argo CD converts an object: maps and 1-based arrays as tables. */
  static LuaValue toLua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.booleanValue());
    }
    if (node.isIntegralNumber()) {
      return LuaValue.valueOf(node.longValue());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.doubleValue());
    }
    return LuaValue.valueOf(node.asText());
  }

  /** Lua back to JSON: a table with keys 1..n is an array, any other table an object. */
  static JsonNode toJson(LuaValue value) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    if (value.isnil()) {
      return json.nullNode();
    }
    if (value.istable()) {
      LuaTable table = value.checktable();
      int length = table.length();
      if (length > 0 && table.keyCount() == length) {
        ArrayNode array = json.arrayNode();
        for (int i = 1; i <= length; i++) {
          array.add(toJson(table.get(i)));
        }
        return array;
      }
      ObjectNode object = json.objectNode();
      for (LuaValue key : table.keys()) {
        object.set(key.tojstring(), toJson(table.get(key)));
      }
      return object;
    }
    if (value.isboolean()) {
      return json.booleanNode(value.toboolean());
    }
    if (value.type() == LuaValue.TNUMBER) {
      // Jackson reads small whole numbers as int; compare like with like
      return value.isinttype() ? json.numberNode(value.toint()) : json.numberNode(value.todouble());
    }
    return json.textNode(value.tojstring());
  }
}
