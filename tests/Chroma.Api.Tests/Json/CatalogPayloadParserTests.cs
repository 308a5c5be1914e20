using Chroma.Api.Json;
using Chroma.Api.Validation;
using Chroma.Core.Model;
using static Chroma.Api.Tests.Json.ParseAssert;

namespace Chroma.Api.Tests.Json;

public class CatalogPayloadParserTests
{
    [Fact]
    public void Name_is_read() =>
        Assert.Equal("probe_tenant", CatalogPayloadParser.ParseName(Utf8("""{"name":"probe_tenant"}"""), "struct CreateTenantPayload"));

    [Fact]
    public void Missing_name_is_a_422() =>
        Fails(() => CatalogPayloadParser.ParseName(Utf8("{}"), "struct CreateTenantPayload"), ChromaErrorCode.UnprocessableEntity,
            "Failed to deserialize the JSON body into the target type: missing field `name` at line 1 column 2");

    [Fact]
    public void Body_that_is_not_an_object_is_a_422() =>
        FailsStartingWith(() => CatalogPayloadParser.ParseName(Utf8("[1]"), "struct CreateTenantPayload"), ChromaErrorCode.UnprocessableEntity,
            "Failed to deserialize the JSON body into the target type: invalid type: sequence, expected struct CreateTenantPayload");

    [Fact]
    public void Short_tenant_name_is_rejected_with_chromas_message() =>
        Fails(() => NameValidator.ValidateTenantName("ab"), ChromaErrorCode.InvalidArgument,
            "Validation error: name: Validation error: length [{\"value\": String(\"ab\"), \"min\": Number(3)}]");

    [Fact]
    public void Odd_tenant_names_are_accepted() => NameValidator.ValidateTenantName("odd tenant!");

    [Fact]
    public void Bad_database_name_has_no_validation_prefix() =>
        Fails(() => NameValidator.ValidateDatabaseName("bad!"), ChromaErrorCode.InvalidArgument,
            "Expected a name containing 3-512 characters from [a-zA-Z0-9._-], starting and ending with a character in [a-zA-Z0-9]. Got: bad!");

    [Fact]
    public void Name_of_512_characters_is_accepted_and_513_rejected()
    {
        Assert.Null(NameValidator.CheckName("n" + new string('x', 511)));
        Assert.NotNull(NameValidator.CheckName("n" + new string('x', 512)));
    }
}
