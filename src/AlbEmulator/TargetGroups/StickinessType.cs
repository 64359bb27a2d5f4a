namespace AlbEmulator.TargetGroups;

/// <summary><c>stickiness.type</c> (STK-10, STK-20); <see cref="None"/> when <c>stickiness.enabled</c> is false.</summary>
public enum StickinessType
{
    None,
    LbCookie,
    AppCookie,
}
