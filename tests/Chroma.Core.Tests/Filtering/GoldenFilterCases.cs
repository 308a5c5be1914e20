namespace Chroma.Core.Tests.Filtering;

/// <summary>
/// Real Chroma 1.3.4's answers to every get-with-filter request of the golden transcript
/// (copied from chroma-api/golden/probe-chroma-1.3.4.json, cases rec.get.where* on the
/// five records of <see cref="FilterTestData"/>): name, where, where_document, then either
/// the matching ids (comma-separated, insertion order) or the 400 message.
/// </summary>
public static class GoldenFilterCases
{
    public static TheoryData<string, string?, string?, string?, string?> All => new()
    {
        { "rec.get.where.eq_shorthand", "{\"color\":\"red\"}", null, "a,c", null },
        { "rec.get.where.eq", "{\"color\":{\"$eq\":\"red\"}}", null, "a,c", null },
        { "rec.get.where.ne", "{\"color\":{\"$ne\":\"red\"}}", null, "b,d,e", null },
        { "rec.get.where.gt_int", "{\"n\":{\"$gt\":2}}", null, "c,e", null },
        { "rec.get.where.gte_int", "{\"n\":{\"$gte\":2}}", null, "b,c,e", null },
        { "rec.get.where.lt_float", "{\"f\":{\"$lt\":2}}", null, "a,e", null },
        { "rec.get.where.lte_float", "{\"f\":{\"$lte\":2}}", null, "a,b,e", null },
        { "rec.get.where.int_field_float_operand", "{\"n\":{\"$gt\":1.5}}", null, "b,c,e", null },
        { "rec.get.where.float_field_int_operand", "{\"f\":{\"$gte\":2}}", null, "b,c", null },
        { "rec.get.where.eq_int_on_float_field", "{\"f\":{\"$eq\":2}}", null, "b", null },
        { "rec.get.where.eq_float_on_int_field", "{\"n\":{\"$eq\":1}}", null, "a", null },
        { "rec.get.where.bool_eq", "{\"ok\":true}", null, "a,e", null },
        { "rec.get.where.bool_ne", "{\"ok\":{\"$ne\":true}}", null, "b,c,d", null },
        { "rec.get.where.in", "{\"color\":{\"$in\":[\"red\",\"green\"]}}", null, "a,c,e", null },
        { "rec.get.where.nin", "{\"color\":{\"$nin\":[\"red\"]}}", null, "b,d,e", null },
        { "rec.get.where.in_int", "{\"n\":{\"$in\":[1,10]}}", null, "a,e", null },
        { "rec.get.where.in_empty", "{\"color\":{\"$in\":[]}}", null, null, "Invalid where clause" },
        { "rec.get.where.in_mixed_types", "{\"n\":{\"$in\":[1,\"x\"]}}", null, null, "Invalid where clause" },
        { "rec.get.where.and", "{\"$and\":[{\"color\":\"red\"},{\"n\":{\"$gt\":1}}]}", null, "c", null },
        { "rec.get.where.or", "{\"$or\":[{\"color\":\"yellow\"},{\"n\":{\"$gte\":10}}]}", null, "b,e", null },
        { "rec.get.where.and_single", "{\"$and\":[{\"color\":\"red\"}]}", null, "a,c", null },
        { "rec.get.where.and_empty", "{\"$and\":[]}", null, "a,b,c,d,e", null },
        { "rec.get.where.nested", "{\"$or\":[{\"$and\":[{\"color\":\"red\"},{\"n\":1}]},{\"ok\":false}]}", null, "a,b", null },
        { "rec.get.where.multi_key_object", "{\"color\":\"red\",\"n\":1}", null, null, "Invalid where clause" },
        { "rec.get.where.unknown_operator", "{\"n\":{\"$foo\":1}}", null, null, "Invalid where clause" },
        { "rec.get.where.gt_on_string", "{\"color\":{\"$gt\":\"a\"}}", null, null, "Invalid where clause" },
        { "rec.get.where.missing_key_eq", "{\"nokey\":\"x\"}", null, "", null },
        { "rec.get.where.missing_key_ne", "{\"nokey\":{\"$ne\":\"x\"}}", null, "a,b,c,d,e", null },
        { "rec.get.where.ne_excludes_missing", "{\"ok\":{\"$ne\":false}}", null, "a,c,d,e", null },
        { "rec.get.where.nin_missing_key", "{\"ok\":{\"$nin\":[false]}}", null, "a,c,d,e", null },
        { "rec.get.where.array_contains_str", "{\"tags\":{\"$contains\":\"y\"}}", null, "a,b", null },
        { "rec.get.where.array_not_contains_str", "{\"tags\":{\"$not_contains\":\"x\"}}", null, "b,c,d,e", null },
        { "rec.get.where.array_contains_int", "{\"nums\":{\"$contains\":2}}", null, "e", null },
        { "rec.get.where.array_eq_not_allowed", "{\"tags\":{\"$eq\":\"y\"}}", null, "", null },
        { "rec.get.where.top_level_operator", "{\"$contains\":\"x\"}", null, null, "Invalid where clause" },
        { "rec.get.where.id_key_in", "{\"#id\":{\"$in\":[\"a\",\"c\"]}}", null, "", null },
        { "rec.get.where.document_key_contains", "{\"#document\":{\"$contains\":\"pie\"}}", null, "a", null },
        { "rec.get.where.regex_on_metadata_invalid", "{\"color\":{\"$regex\":\"r.*\"}}", null, null, "Invalid where clause" },
        { "rec.get.where_document.contains", null, "{\"$contains\":\"pie\"}", "a", null },
        { "rec.get.where_document.contains_case_sensitive", null, "{\"$contains\":\"apple\"}", "a", null },
        { "rec.get.where_document.not_contains", null, "{\"$not_contains\":\"apple\"}", "b,c,d,e", null },
        { "rec.get.where_document.regex", null, "{\"$regex\":\"^[A-Za-z]+ (pie|tart)$\"}", "a,c", null },
        { "rec.get.where_document.regex_case_insensitive_flag", null, "{\"$regex\":\"(?i)apple\"}", "a,e", null },
        { "rec.get.where_document.not_regex", null, "{\"$not_regex\":\"an\"}", "a,c,d,e", null },
        { "rec.get.where_document.and", null, "{\"$and\":[{\"$contains\":\"a\"},{\"$not_contains\":\"pie\"}]}", "b,c", null },
        { "rec.get.where_document.or", null, "{\"$or\":[{\"$contains\":\"pie\"},{\"$contains\":\"tart\"}]}", "a,c", null },
        { "rec.get.where_document.bad_regex", null, "{\"$regex\":\"(\"}", null, "Regex syntax errror: regex parse error:\n    (\n    ^\nerror: unclosed group" },
        { "rec.get.where_document.bad_operator", null, "{\"$eq\":\"x\"}", null, "Invalid where document clause" },
        { "rec.get.where_document.non_string", null, "{\"$contains\":1}", null, "Invalid where document clause" },
        { "rec.get.where_document.combined_with_where", "{\"color\":\"red\"}", "{\"$contains\":\"a\"}", "a,c", null },
    };
}
