namespace AlbEmulator.Configuration.CloudFormation;

/// <summary>
/// What <c>--validate</c> prints for a template or Terraform plan: what will run, what is skipped, and what only AWS knows
/// and no override maps (targets, Lambda functions, certificates, CA bundles); errors follow separately.
/// </summary>
public static class TemplateReport
{
    public static async Task WriteAsync(TemplateTranslation template, TextWriter output)
    {
        await Section(output, "Will run", template.Running);
        await Section(output, "Skipped", template.Skipped);
        await Section(output, "Unmapped (a target group without targets answers 503; a listener without PEM files serves a generated certificate)", template.Unmapped);
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
