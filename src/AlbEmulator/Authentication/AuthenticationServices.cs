using AlbEmulator.IdentityProvider;
using AlbEmulator.Pipeline;
using AlbEmulator.Pipeline.Actions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Authentication;

/// <summary>
/// Registers authentication with the request lifecycle (LIFECYCLE.md): the callback step in the pre-routing slot,
/// the authenticate and jwt-validation rule actions, and the built-in identity provider. The Hosting composition
/// root calls this once.
/// </summary>
public static class AuthenticationServices
{
    public static void Add(IServiceCollection services, AlbRuntime runtime, TimeProvider time)
    {
        services.AddSingleton<AuthenticationKeys>();
        services.AddSingleton<AdminUrlResolver>();
        services.AddSingleton(_ => new IdentityProviderClient());
        services.AddSingleton(sp => new JwksCache(sp.GetRequiredService<IdentityProviderClient>(), time));
        services.AddSingleton(sp => new BuiltInIdentityProvider(() => runtime.Current.Config.IdentityProvider, sp.GetRequiredService<AdminUrlResolver>(), time));
        services.AddSingleton(sp => new OidcAuthenticator(
            sp.GetRequiredService<AuthenticationKeys>(),
            sp.GetRequiredService<IdentityProviderClient>(),
            sp.GetRequiredService<AdminUrlResolver>(),
            time,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("AlbEmulator.Authentication")));
        services.AddSingleton(sp => new JwtBearerValidator(sp.GetRequiredService<JwksCache>(), sp.GetRequiredService<AdminUrlResolver>(), time));
        services.AddSingleton<IPreRoutingStep, AuthenticationCallbackStep>();
        services.AddSingleton<IRuleAction, AuthenticateAction>();
        services.AddSingleton<IRuleAction, JwtValidationAction>();
    }
}
