using Chroma.Core.Catalog.Keys;

namespace Chroma.Gateway.Policies;

/// <summary>
/// <c>Chroma.Gateway keys create --tenant T --role read|write|admin [--database D]… [--name N] --path DIR</c>,
/// <c>keys list [--tenant T] --path DIR</c>, <c>keys delete --id KEY_ID --path DIR</c>.
/// Works on the catalog file of a single-node data folder, also while the server runs (a running
/// server sees a new key at once and a deleted one within its cache time). The token is printed
/// once and never stored.
/// </summary>
public static class KeysCommand
{
    private const string Usage =
        "Usage: keys create --tenant T --role read|write|admin [--database D]... [--name N] --path DIR\n" +
        "       keys list [--tenant T] --path DIR\n" +
        "       keys delete --id KEY_ID --path DIR";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0)
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        string? path = null, tenant = null, role = null, name = null, id = null;
        var databases = new List<string>();
        for (int i = 1; i < args.Length; i++)
        {
            string option = args[i];
            if (i + 1 >= args.Length)
            {
                await error.WriteLineAsync($"{option} expects a value\n{Usage}");
                return 2;
            }

            string value = args[++i];
            switch (option)
            {
                case "--path": path = value; break;
                case "--tenant": tenant = value; break;
                case "--role": role = value; break;
                case "--name": name = value; break;
                case "--id": id = value; break;
                case "--database": databases.Add(value); break;
                default:
                    await error.WriteLineAsync($"Unknown option '{option}'\n{Usage}");
                    return 2;
            }
        }

        if (path is null)
        {
            await error.WriteLineAsync($"--path DIR (the server's data folder) is required\n{Usage}");
            return 2;
        }

        await using var store = SqliteApiKeyStore.Open(Path.Combine(Path.GetFullPath(path), "chroma.sqlite3"));
        switch (args[0])
        {
            case "create":
                if (tenant is null || role is null)
                {
                    await error.WriteLineAsync($"create needs --tenant and --role\n{Usage}");
                    return 2;
                }

                ApiKeyRole parsedRole;
                try
                {
                    parsedRole = ApiKeyScope.ParseRole(role);
                }
                catch (ArgumentException e)
                {
                    await error.WriteLineAsync(e.Message);
                    return 2;
                }

                (string token, string keyId) = ApiKeyToken.Generate();
                await store.CreateAsync(new ApiKeyRecord
                {
                    KeyId = keyId,
                    TokenHash = ApiKeyToken.Hash(token),
                    Tenant = tenant,
                    Databases = databases.Count == 0 || databases.Contains("*") ? null : databases,
                    Role = parsedRole,
                    Name = name,
                    CreatedAt = DateTimeOffset.UtcNow,
                });
                await output.WriteLineAsync($"key_id {keyId}");
                await output.WriteLineAsync($"token {token}");
                await output.WriteLineAsync("The token is shown once; only its SHA-256 is stored.");
                return 0;

            case "list":
                foreach (ApiKeyRecord key in await store.ListAsync(tenant))
                {
                    string scope = key.Databases is null ? "*" : string.Join(',', key.Databases);
                    await output.WriteLineAsync($"{key.KeyId}\t{key.Tenant}\t{scope}\t{ApiKeyScope.FormatRole(key.Role)}\t{key.Name}");
                }

                return 0;

            case "delete":
                if (id is null)
                {
                    await error.WriteLineAsync($"delete needs --id\n{Usage}");
                    return 2;
                }

                if (!await store.DeleteAsync(id))
                {
                    await error.WriteLineAsync($"No key {id}");
                    return 1;
                }

                await output.WriteLineAsync($"deleted {id}");
                return 0;

            default:
                await error.WriteLineAsync(Usage);
                return 2;
        }
    }
}
