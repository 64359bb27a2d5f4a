namespace AlbEmulator.Configuration.CloudFormation;

/// <summary>A value the template asks for that cannot be worked out locally; the message says which and why.</summary>
internal sealed class TemplateException(string message) : Exception(message);
