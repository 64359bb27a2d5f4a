namespace AlbEmulator.Configuration.Validators;

/// <summary>[ext] The built-in identity provider's section: each user has a unique Username and a Password.</summary>
internal static class IdentityProviderValidator
{
    public const string Resource = "IdentityProvider";

    public static void Check(ValidationContext context)
    {
        if (context.Config.IdentityProvider is not { } idp)
        {
            return;
        }

        if (idp.AccessTokenLifetimeSeconds is { } lifetime && lifetime is < 1 or > 86_400)
        {
            context.Add(Resource, "AccessTokenLifetimeSeconds", $"AccessTokenLifetimeSeconds '{lifetime}' must be between 1 and 86400");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < idp.Users.Count; i++)
        {
            var user = idp.Users[i];
            var path = $"Users[{i}]";
            if (string.IsNullOrEmpty(user.Username))
            {
                context.Add(Resource, $"{path}.Username", "Username is required");
            }
            else if (!names.Add(user.Username))
            {
                context.Add(Resource, $"{path}.Username", $"Username '{user.Username}' is used by more than one user");
            }

            if (string.IsNullOrEmpty(user.Password))
            {
                context.Add(Resource, $"{path}.Password", "Password is required");
            }
        }
    }
}
