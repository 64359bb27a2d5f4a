namespace AlbEmulator.Configuration.CloudFormation;

/// <summary>
/// A template turned into the emulator's config: the config read from it (with every error, each naming the
/// logical id or Terraform address), and for <c>--validate</c> what will run, what is skipped, and the targets no one
/// mapped. <see cref="Document"/> is the emulator config document it became (null when the file could not be read).
/// </summary>
public sealed record TemplateTranslation(
    ConfigReadResult Read,
    IReadOnlyList<string> Running,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Unmapped)
{
    public System.Text.Json.Nodes.JsonObject? Document { get; init; }
}
