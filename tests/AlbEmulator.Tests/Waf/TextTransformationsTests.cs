using AlbEmulator.Waf;

namespace AlbEmulator.Tests.Waf;

public sealed class TextTransformationsTests
{
    [Theory]
    [InlineData("NONE", "A b", "A b")]
    [InlineData("COMPRESS_WHITE_SPACE", "a \t\r\n\f\v\u00a0  b", "a b")]
    [InlineData("HTML_ENTITY_DECODE", "&lt;script&gt;&quot;&amp;&#65;&#x42;&nbsp;", "<script>\"&AB\u00a0")]
    [InlineData("LOWERCASE", "SeLeCT \u00c9", "select \u00c9")]
    [InlineData("CMD_LINE", "C:\\\"Win^dows\" ,;  /c  (Dir)", "c:windows/c(dir)")]
    [InlineData("URL_DECODE", "%3Cscript%3e+x%zz", "<script> x%zz")]
    [InlineData("URL_DECODE_UNI", "%u003cscript%uFF1E%41", "<script>A")]
    [InlineData("BASE64_DECODE", "PHNjcmlwdD4=", "<script>")]
    [InlineData("BASE64_DECODE", "not base64!", "not base64!")]
    [InlineData("BASE64_DECODE_EXT", "PHN.jc!mlw dD4", "<script>")]
    [InlineData("HEX_DECODE", "3c7363726970743e", "<script>")]
    [InlineData("REPLACE_COMMENTS", "SEL/* x */ECT/*open", "SEL ECT ")]
    [InlineData("ESCAPE_SEQ_DECODE", "a\\tb\\x41\\101\\\\", "a\tbAA\\")]
    [InlineData("SQL_HEX_DECODE", "select 0x414243", "select ABC")]
    [InlineData("CSS_DECODE", "\\6a\\61 vascript\\:", "javascript:")]
    [InlineData("JS_DECODE", "\\u003cscript\\x3e\\uFF41", "<script>a")]
    [InlineData("NORMALIZE_PATH", "/a//b/./c/../d/", "/a/b/d/")]
    [InlineData("NORMALIZE_PATH_WIN", "\\a\\..\\..\\b\\.\\c", "/b/c")]
    [InlineData("REMOVE_NULLS", "a\0b\0", "ab")]
    [InlineData("REPLACE_NULLS", "a\0b", "a b")]
    [InlineData("UTF8_TO_UNICODE", "caf\u00c3\u00a9", "caf%u00e9")]
    public void Apply_EachType_TransformsAsWafDocuments(string type, string input, string expected)
    {
        Assert.Equal(expected, TextTransformations.Apply(type, input));
    }

    [Fact]
    public void Apply_Md5_IsTheRawDigest()
    {
        var digest = TextTransformations.Apply("MD5", "abc");
        Assert.Equal("900150983cd24fb0d6963f7d28e17f72", Convert.ToHexStringLower(System.Text.Encoding.Latin1.GetBytes(digest)));
    }

    [Fact]
    public void Types_AreEveryApiValue()
    {
        Assert.Equal(21, TextTransformations.Types.Count);
        foreach (var type in TextTransformations.Types)
        {
            _ = TextTransformations.Apply(type, "x");
        }
    }

    [Fact]
    public void ApplyAll_RunsInOrder()
    {
        Assert.Equal("<script>", TextTransformations.ApplyAll(["URL_DECODE", "LOWERCASE"], "%3CSCRIPT%3E"));
    }
}
