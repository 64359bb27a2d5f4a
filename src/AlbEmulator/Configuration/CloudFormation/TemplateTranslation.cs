namespace AlbEmulator.Configuration.CloudFormation;

/// <summary>
/// A template turned into the emulator's config: the config read from it (with every error, each naming the
/// logical id), and for <c>--validate</c> what will run, what is skipped, and the targets no one mapped.
/// </summary>
public sealed record TemplateTranslation(
    ConfigReadResult Read,
    IReadOnlyList<string> Running,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Unmapped);
