namespace AlbEmulator.Waf;

/// <summary>One rule of a managed rule group: its name, the label it adds (in the group's namespace) and its match.</summary>
public sealed record ManagedRule(string Name, string Label, WafStatement Statement);

/// <summary>A managed rule group as the emulator knows it.</summary>
public sealed record ManagedRuleGroup(string VendorName, string Name, string LabelNamespace, IReadOnlyList<ManagedRule> Rules)
{
    /// <summary>False for groups whose rules are not reproduced locally: they match nothing (docs/waf.md).</summary>
    public bool Implemented => Rules.Count > 0;
}

/// <summary>
/// <c>ManagedRuleGroupStatement</c>: AWS's managed rules are not published, so locally they are an
/// approximation. The rules whose behaviour AWS documents precisely enough are reproduced from that
/// documentation: the size limits, missing User-Agent, metadata-endpoint SSRF, path traversal, restricted
/// extensions, remote file inclusion and XSS of <c>AWSManagedRulesCommonRuleSet</c>; the SQL-injection rules of
/// <c>AWSManagedRulesSQLiRuleSet</c> (with this emulator's SQLi detection); localhost Host, PROPFIND, exploitable
/// paths and Log4j lookups of <c>AWSManagedRulesKnownBadInputsRuleSet</c>. Every other group (IP reputation, bot
/// control, account takeover, ...) is accepted and matches nothing, and the emulator says so at start.
/// </summary>
public static class ManagedRuleGroups
{
    private static readonly string[] UrlHtml = ["URL_DECODE", "HTML_ENTITY_DECODE"];
    private static readonly string[] Url = ["URL_DECODE"];
    private static readonly string[] UrlLower = ["URL_DECODE", "LOWERCASE"];

    private static readonly IReadOnlyDictionary<string, ManagedRuleGroup> Known = new Dictionary<string, ManagedRuleGroup>(StringComparer.Ordinal)
    {
        ["AWSManagedRulesCommonRuleSet"] = new("AWS", "AWSManagedRulesCommonRuleSet", "awswaf:managed:aws:core-rule-set:",
        [
            new("NoUserAgent_HEADER", "NoUserAgent_Header", new NotStatement(new SizeConstraintStatement(new SingleHeaderField("user-agent"), [], "GE", 0))),
            new("UserAgent_BadBots_HEADER", "UserAgent_BadBots_Header", Any(new SingleHeaderField("user-agent"), ["LOWERCASE"], "CONTAINS", "nessus", "nmap", "sqlmap", "nikto", "masscan")),
            new("SizeRestrictions_QUERYSTRING", "SizeRestrictions_QueryString", new SizeConstraintStatement(FieldToMatch.QueryString, [], "GT", 2048)),
            new("SizeRestrictions_Cookie_HEADER", "SizeRestrictions_Cookie_Header", new SizeConstraintStatement(new SingleHeaderField("cookie"), [], "GT", 10240)),
            new("SizeRestrictions_BODY", "SizeRestrictions_Body", new SizeConstraintStatement(new BodyField(OversizeHandling.Match), [], "GT", 8192)),
            new("SizeRestrictions_URIPATH", "SizeRestrictions_URIPath", new SizeConstraintStatement(FieldToMatch.UriPath, [], "GT", 1024)),
            new("EC2MetaDataSSRF_BODY", "EC2MetaDataSSRF_Body", Any(new BodyField(OversizeHandling.Continue), Url, "CONTAINS", "169.254.169.254")),
            new("EC2MetaDataSSRF_COOKIE", "EC2MetaDataSSRF_Cookie", Any(new SingleHeaderField("cookie"), Url, "CONTAINS", "169.254.169.254")),
            new("EC2MetaDataSSRF_URIPATH", "EC2MetaDataSSRF_URIPath", Any(FieldToMatch.UriPath, Url, "CONTAINS", "169.254.169.254")),
            new("EC2MetaDataSSRF_QUERYARGUMENTS", "EC2MetaDataSSRF_QueryArguments", Any(new AllQueryArgumentsField(), Url, "CONTAINS", "169.254.169.254")),
            new("GenericLFI_QUERYARGUMENTS", "GenericLFI_QueryArguments", Any(new AllQueryArgumentsField(), Url, "CONTAINS", "../", "..\\")),
            new("GenericLFI_URIPATH", "GenericLFI_URIPath", Any(FieldToMatch.UriPath, Url, "CONTAINS", "../", "..\\")),
            new("GenericLFI_BODY", "GenericLFI_Body", Any(new BodyField(OversizeHandling.Continue), Url, "CONTAINS", "../../", "..\\..\\")),
            new("RestrictedExtensions_URIPATH", "RestrictedExtensions_URIPath", Any(FieldToMatch.UriPath, UrlLower, "ENDS_WITH", ".log", ".ini", ".bak", ".cfg", ".conf", ".backup", ".config", ".env", ".old", ".sql")),
            new("RestrictedExtensions_QUERYARGUMENTS", "RestrictedExtensions_QueryArguments", Any(new AllQueryArgumentsField(), UrlLower, "ENDS_WITH", ".log", ".ini", ".bak", ".cfg", ".conf", ".backup", ".config", ".env", ".old", ".sql")),
            new("GenericRFI_QUERYARGUMENTS", "GenericRFI_QueryArguments", Rfi(new AllQueryArgumentsField())),
            new("GenericRFI_BODY", "GenericRFI_Body", Rfi(new BodyField(OversizeHandling.Continue))),
            new("GenericRFI_URIPATH", "GenericRFI_URIPath", Rfi(FieldToMatch.UriPath)),
            new("CrossSiteScripting_COOKIE", "CrossSiteScripting_Cookie", new XssMatchStatement(new SingleHeaderField("cookie"), UrlHtml)),
            new("CrossSiteScripting_QUERYARGUMENTS", "CrossSiteScripting_QueryArguments", new XssMatchStatement(new AllQueryArgumentsField(), UrlHtml)),
            new("CrossSiteScripting_BODY", "CrossSiteScripting_Body", new XssMatchStatement(new BodyField(OversizeHandling.Continue), UrlHtml)),
            new("CrossSiteScripting_URIPATH", "CrossSiteScripting_URIPath", new XssMatchStatement(FieldToMatch.UriPath, UrlHtml)),
        ]),
        ["AWSManagedRulesSQLiRuleSet"] = new("AWS", "AWSManagedRulesSQLiRuleSet", "awswaf:managed:aws:sql-database:",
        [
            new("SQLi_QUERYARGUMENTS", "SQLi_QueryArguments", new SqliMatchStatement(new AllQueryArgumentsField(), UrlHtml, "LOW")),
            new("SQLiExtendedPatterns_QUERYARGUMENTS", "SQLiExtendedPatterns_QueryArguments", new SqliMatchStatement(new AllQueryArgumentsField(), UrlHtml, "HIGH")),
            new("SQLi_BODY", "SQLi_Body", new SqliMatchStatement(new BodyField(OversizeHandling.Continue), UrlHtml, "LOW")),
            new("SQLiExtendedPatterns_BODY", "SQLiExtendedPatterns_Body", new SqliMatchStatement(new BodyField(OversizeHandling.Continue), UrlHtml, "HIGH")),
            new("SQLi_COOKIE", "SQLi_Cookie", new SqliMatchStatement(new SingleHeaderField("cookie"), UrlHtml, "LOW")),
            new("SQLi_URIPATH", "SQLi_URIPath", new SqliMatchStatement(FieldToMatch.UriPath, UrlHtml, "LOW")),
        ]),
        ["AWSManagedRulesKnownBadInputsRuleSet"] = new("AWS", "AWSManagedRulesKnownBadInputsRuleSet", "awswaf:managed:aws:known-bad-inputs:",
        [
            new("Host_localhost_HEADER", "Host_Localhost_Header", Any(new SingleHeaderField("host"), ["LOWERCASE"], "STARTS_WITH", "localhost", "127.0.0.1", "[::1]")),
            new("PROPFIND_METHOD", "Propfind_Method", Any(FieldToMatch.Method, [], "EXACTLY", "PROPFIND")),
            new("ExploitablePaths_URIPATH", "ExploitablePaths_URIPath", Any(FieldToMatch.UriPath, UrlLower, "CONTAINS", "/web-inf", "/meta-inf", "/.git/", "/.svn/")),
            new("Log4JRCE_QUERYSTRING", "Log4JRCE_QueryString", Any(FieldToMatch.QueryString, UrlLower, "CONTAINS", "${jndi:")),
            new("Log4JRCE_BODY", "Log4JRCE_Body", Any(new BodyField(OversizeHandling.Continue), UrlLower, "CONTAINS", "${jndi:")),
            new("Log4JRCE_URIPATH", "Log4JRCE_URIPath", Any(FieldToMatch.UriPath, UrlLower, "CONTAINS", "${jndi:")),
            new("Log4JRCE_HEADER", "Log4JRCE_Header", Any(new MapField(false, new NamePattern(true, null, null, StringComparer.OrdinalIgnoreCase), "VALUE", OversizeHandling.Continue), UrlLower, "CONTAINS", "${jndi:")),
        ]),
    };

    /// <summary>The group, or an accepted group with no local rules for any other vendor/name.</summary>
    public static ManagedRuleGroup Get(string vendorName, string name) =>
        vendorName == "AWS" && Known.TryGetValue(name, out var group)
            ? group
            : new ManagedRuleGroup(vendorName, name, $"awswaf:managed:{vendorName.ToLowerInvariant()}:{name}:", []);

    private static WafStatement Any(FieldToMatch field, string[] transformations, string constraint, params string[] needles) =>
        needles.Length == 1
            ? new ByteMatchStatement(field, transformations, needles[0], constraint)
            : new OrStatement(needles.Select(n => (WafStatement)new ByteMatchStatement(field, transformations, n, constraint)).ToArray());

    private static WafStatement Rfi(FieldToMatch field) =>
        new RegexStatement(field, UrlLower, [new System.Text.RegularExpressions.Regex(@"^(https?|ftp|php|data)://(\d{1,3}\.){3}\d{1,3}|(https?|ftp)://[^/]+/.*\.(txt|php|sh)\?", System.Text.RegularExpressions.RegexOptions.NonBacktracking | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]);
}
