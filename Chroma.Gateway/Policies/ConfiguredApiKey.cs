namespace Chroma.Gateway.Policies;

/// <summary>
/// A key given in configuration (<c>Chroma:Auth:Keys:0:Token</c>, <c>…:Tenant</c>,
/// <c>…:Databases</c> comma-separated or <c>*</c>, <c>…:Role</c> read|write|admin, <c>…:Name</c>).
/// The token is hashed before it is stored; the plain text stays in the configuration source only.
/// </summary>
public sealed class ConfiguredApiKey
{
    public string? Token { get; set; }
    public string? Tenant { get; set; }
    public string? Databases { get; set; }
    public string? Role { get; set; }
    public string? Name { get; set; }
}
