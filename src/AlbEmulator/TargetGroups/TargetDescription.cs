namespace AlbEmulator.TargetGroups;

/// <summary>A target as the ELBv2 API names it (<c>TargetDescription</c>): Id and optional Port (the group's port when null).</summary>
public sealed record TargetDescription(string Id, int? Port = null);
