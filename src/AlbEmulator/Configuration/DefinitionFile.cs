using AlbEmulator.Configuration.CloudFormation;
using AlbEmulator.Configuration.Terraform;

namespace AlbEmulator.Configuration;

/// <summary>
/// What <c>--config</c> names (config-format.md §1, §6): the emulator's own document, a CloudFormation template, or the
/// JSON of <c>terraform show -json</c>. The one place that tells them apart, for the command line, the file watcher and
/// the Testing fixture alike.
/// </summary>
public static class DefinitionFile
{
    /// <summary>
    /// Translates a template or Terraform plan/state with its overrides; null when <paramref name="path"/> is an
    /// emulator config (or cannot be read: <see cref="Read"/> then reports why).
    /// </summary>
    public static TemplateTranslation? ReadImported(string path, string? overridesPath, IReadOnlyDictionary<string, string> parameters) =>
        TerraformPlan.IsTerraformFile(path) ? TerraformPlan.ReadFile(path, overridesPath)
        : CloudFormationTemplate.IsTemplateFile(path) ? CloudFormationTemplate.ReadFile(path, overridesPath, parameters)
        : null;

    /// <summary>Reads whatever <paramref name="path"/> holds into the emulator's config (not yet validated).</summary>
    public static ConfigReadResult Read(string path, string? overridesPath, IReadOnlyDictionary<string, string> parameters) =>
        ReadImported(path, overridesPath, parameters)?.Read ?? AlbConfigReader.ReadFile(path);

    /// <summary>What the banner and errors call the source: "the template ...", "the Terraform plan ...", or the path.</summary>
    public static string Describe(string path) =>
        TerraformPlan.IsTerraformFile(path) ? "the Terraform " + (File.ReadAllText(path).Contains("\"planned_values\"", StringComparison.Ordinal) ? "plan " : "state ") + Path.GetFullPath(path)
        : CloudFormationTemplate.IsTemplateFile(path) ? "the template " + Path.GetFullPath(path)
        : Path.GetFullPath(path);
}
