using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chroma.AppHost.Tests;

/// <summary>
/// The rules of the public Aspire manifest schema (dotnet/aspire, src/Schema/aspire-8.0.json, draft-07) for the
/// resource types we write, written out as a checker: required properties, no additional properties, and the
/// types and enums of env, bindings, volumes and parameter inputs. Not a general JSON-schema engine: a type the
/// checker does not know is reported, so a new kind of resource forces this file to grow with it.
/// </summary>
internal static class AspireManifestSchema
{
    private static readonly Dictionary<string, (string[] Required, string[] Allowed)> s_types = new()
    {
        ["container.v0"] = (["type", "image"], ["type", "image", "entrypoint", "args", "connectionString", "env", "bindings", "bindMounts", "volumes"]),
        ["project.v0"] = (["type", "path"], ["type", "path", "args", "env", "bindings"]),
        ["executable.v0"] = (["type", "command", "workingDirectory"], ["type", "workingDirectory", "command", "args", "env", "bindings"]),
        ["value.v0"] = (["connectionString"], ["type", "connectionString"]),
        ["parameter.v0"] = (["value", "inputs"], ["type", "value", "connectionString", "inputs"]),
    };

    public static List<string> Validate(JsonNode? manifest)
    {
        var errors = new List<string>();
        if (manifest is not JsonObject root) { errors.Add("$: not an object"); return errors; }
        if (root["resources"] is not JsonObject resources) { errors.Add("$.resources: required object missing"); return errors; }
        foreach (var (name, node) in resources)
        {
            string at = "$.resources." + name;
            if (node is not JsonObject resource) { errors.Add(at + ": not an object"); continue; }
            if (!IsString(resource["type"])) { errors.Add(at + ".type: required string missing"); continue; }
            string type = resource["type"]!.GetValue<string>();
            if (!s_types.TryGetValue(type, out var rule)) { errors.Add($"{at}.type: '{type}' is not checked by this validator"); continue; }
            CheckShape(resource, rule.Required, rule.Allowed, at, errors);
            foreach (var (property, value) in resource)
            {
                string path = at + "." + property;
                switch (property)
                {
                    case "type" or "path" or "image" or "entrypoint" or "connectionString" or "value" or "command" or "workingDirectory":
                        if (!IsString(value)) errors.Add(path + ": must be a string");
                        break;
                    case "args":
                        CheckStringArray(value, path, errors);
                        break;
                    case "env":
                        CheckStringMap(value, path, errors);
                        break;
                    case "bindings":
                        CheckBindings(value, path, errors);
                        break;
                    case "volumes":
                        CheckMounts(value, path, "name", errors);
                        break;
                    case "bindMounts":
                        CheckMounts(value, path, "source", errors);
                        break;
                    case "inputs":
                        CheckInputs(value, path, errors);
                        break;
                }
            }
        }
        return errors;
    }

    private static void CheckShape(JsonObject obj, string[] required, string[] allowed, string at, List<string> errors)
    {
        foreach (string property in required)
            if (!obj.ContainsKey(property)) errors.Add($"{at}: required property '{property}' missing");
        foreach (var (property, _) in obj)
            if (Array.IndexOf(allowed, property) < 0) errors.Add($"{at}: additional property '{property}' not allowed");
    }

    private static void CheckBindings(JsonNode? node, string at, List<string> errors)
    {
        if (node is not JsonObject bindings) { errors.Add(at + ": must be an object"); return; }
        foreach (var (name, value) in bindings)
        {
            string path = at + "." + name;
            if (value is not JsonObject binding) { errors.Add(path + ": must be an object"); continue; }
            CheckShape(binding, ["scheme", "protocol", "transport"], ["scheme", "protocol", "transport", "external", "targetPort", "port"], path, errors);
            CheckEnum(binding["scheme"], ["http", "https", "tcp", "udp"], path + ".scheme", errors);
            CheckEnum(binding["protocol"], ["tcp", "udp"], path + ".protocol", errors);
            CheckEnum(binding["transport"], ["http", "http2", "tcp"], path + ".transport", errors);
            if (binding["external"] is { } external && external.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) errors.Add(path + ".external: must be a boolean");
            foreach (string port in (string[])["targetPort", "port"])
                if (binding[port] is { } number && number.GetValueKind() != JsonValueKind.Number) errors.Add($"{path}.{port}: must be a number");
        }
    }

    private static void CheckMounts(JsonNode? node, string at, string nameProperty, List<string> errors)
    {
        if (node is not JsonArray mounts) { errors.Add(at + ": must be an array"); return; }
        for (int i = 0; i < mounts.Count; i++)
        {
            string path = $"{at}[{i}]";
            if (mounts[i] is not JsonObject mount) { errors.Add(path + ": must be an object"); continue; }
            CheckShape(mount, [nameProperty, "target", "readOnly"], [nameProperty, "target", "readOnly"], path, errors);
            if (!IsString(mount[nameProperty]) || !IsString(mount["target"])) errors.Add(path + ": name/source and target must be strings");
            if (mount["readOnly"]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) errors.Add(path + ".readOnly: must be a boolean");
        }
    }

    private static void CheckInputs(JsonNode? node, string at, List<string> errors)
    {
        if (node is not JsonObject inputs) { errors.Add(at + ": must be an object"); return; }
        foreach (var (name, value) in inputs)
        {
            string path = at + "." + name;
            if (value is not JsonObject input) { errors.Add(path + ": must be an object"); continue; }
            CheckShape(input, ["type"], ["type", "secret", "default"], path, errors);
            CheckEnum(input["type"], ["string"], path + ".type", errors);
            if (input["secret"] is { } secret && secret.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) errors.Add(path + ".secret: must be a boolean");
            if (input["default"] is null) continue;
            if (input["default"] is not JsonObject defaults) { errors.Add(path + ".default: must be an object"); continue; }
            CheckShape(defaults, ["generate"], ["generate"], path + ".default", errors);
            if (defaults["generate"] is not JsonObject generate) { errors.Add(path + ".default.generate: must be an object"); continue; }
            CheckShape(generate, ["minLength"], ["minLength", "lower", "upper", "numeric", "special", "minLower", "minUpper", "minNumeric", "minSpecial"], path + ".default.generate", errors);
        }
    }

    private static void CheckStringMap(JsonNode? node, string at, List<string> errors)
    {
        if (node is not JsonObject map) { errors.Add(at + ": must be an object"); return; }
        foreach (var (key, value) in map)
            if (!IsString(value)) errors.Add($"{at}.{key}: must be a string");
    }

    private static void CheckStringArray(JsonNode? node, string at, List<string> errors)
    {
        if (node is not JsonArray array) { errors.Add(at + ": must be an array"); return; }
        for (int i = 0; i < array.Count; i++)
            if (!IsString(array[i])) errors.Add($"{at}[{i}]: must be a string");
    }

    private static void CheckEnum(JsonNode? node, string[] allowed, string at, List<string> errors)
    {
        if (!IsString(node) || Array.IndexOf(allowed, node!.GetValue<string>()) < 0)
            errors.Add($"{at}: must be one of {string.Join(", ", allowed)}");
    }

    private static bool IsString(JsonNode? node) => node is JsonValue && node.GetValueKind() == JsonValueKind.String;
}
