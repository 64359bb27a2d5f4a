namespace AlbEmulator.Configuration.CloudFormation;

/// <summary>What <c>--validate</c> prints for a template: what will run, what is skipped, targets no one mapped (errors follow separately).</summary>
public static class TemplateReport
{
    public static async Task WriteAsync(TemplateTranslation template, TextWriter output)
    {
        await Section(output, "Will run", template.Running);
        await Section(output, "Skipped", template.Skipped);
        await Section(output, "Unmapped targets (the group runs without them; 503 when it has none)", template.Unmapped);
    }

    private static async Task Section(TextWriter output, string title, IReadOnlyList<string> lines)
    {
        await output.WriteLineAsync($"{title} ({lines.Count}):");
        foreach (var line in lines)
        {
            await output.WriteLineAsync("  " + line);
        }
    }
}
