namespace AlbEmulator.Configuration.Validators;

/// <summary>
/// An action list, default or rule (ACT-1, ACT-2, ACT-3): known types, one routing action placed
/// last by Order, Orders 1–50000 and unique; then each action by type.
/// </summary>
internal static class ActionValidator
{
    public const string Forward = "forward";
    public const string Redirect = "redirect";
    public const string FixedResponse = "fixed-response";

    private static readonly string[] RoutingTypes = [Forward, Redirect, FixedResponse];

    public static void Check(ValidationContext context, string resource, string listField, IReadOnlyList<ActionConfig> actions, string? listenerProtocol)
    {
        var orders = new HashSet<int>();
        var routing = new List<ActionConfig>();
        var authentication = new List<ActionConfig>();
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var prefix = $"{listField}[{i}]";
            CheckOrder(context, resource, prefix, action, actions.Count, orders);
            CheckConfigObjects(context, resource, prefix, action);
            switch (action.Type)
            {
                case null:
                    context.Add(resource, $"{prefix}.Type", "Type is required");
                    break;
                case Forward:
                    routing.Add(action);
                    ForwardActionValidator.Check(context, resource, prefix, action, listenerProtocol, actions);
                    break;
                case Redirect:
                    routing.Add(action);
                    RedirectActionValidator.Check(context, resource, prefix, action, listenerProtocol);
                    break;
                case FixedResponse:
                    routing.Add(action);
                    FixedResponseActionValidator.Check(context, resource, prefix, action);
                    break;
                case var type when AuthenticationActionValidator.Types.Contains(type):
                    authentication.Add(action);
                    AuthenticationActionValidator.Check(context, resource, prefix, action, listenerProtocol);
                    break;
                default:
                    context.Add(resource, $"{prefix}.Type",
                        $"Action type '{action.Type}' must be one of '{string.Join("', '", RoutingTypes.Concat(AuthenticationActionValidator.Types))}'");
                    break;
            }
        }

        // ACT-1: exactly one routing action, and it is the last one.
        if (actions.Count > 0 && routing.Count != 1)
        {
            context.Add(resource, listField,
                $"Exactly one action of type 'forward', 'redirect' or 'fixed-response' is required (found {routing.Count})");
        }
        else if (routing.Count == 1 && actions.Count > 1 && routing[0].Order is { } last
            && actions.Any(a => a.Order is { } other && other > last))
        {
            context.Add(resource, listField, $"The '{routing[0].Type}' action must be the last action (highest Order)");
        }

        // AUTH-1, ACT-50: one authentication action per rule, before the routing action.
        if (authentication.Count > 1)
        {
            context.Add(resource, listField, $"At most one 'authenticate-oidc', 'authenticate-cognito' or 'jwt-validation' action is allowed (found {authentication.Count})");
        }
    }

    private static void CheckOrder(ValidationContext context, string resource, string prefix, ActionConfig action, int count, HashSet<int> orders)
    {
        // ACT-2
        if (action.Order is not { } order)
        {
            if (count > 1)
            {
                context.Add(resource, $"{prefix}.Order", "Order is required when there are several actions");
            }
        }
        else if (order is < 1 or > 50000)
        {
            context.Add(resource, $"{prefix}.Order", $"Order '{order}' must be between 1 and 50000");
        }
        else if (!orders.Add(order))
        {
            context.Add(resource, $"{prefix}.Order", $"Order '{order}' is used by more than one action");
        }
    }

    /// <summary>Type-specific properties may only appear on an action of that type.</summary>
    private static void CheckConfigObjects(ValidationContext context, string resource, string prefix, ActionConfig action)
    {
        var objects = new (string Name, bool Present, string Type)[]
        {
            ("TargetGroupName", action.TargetGroupName is not null, Forward),
            ("TargetGroupArn", action.TargetGroupArn is not null, Forward),
            ("ForwardConfig", action.ForwardConfig is not null, Forward),
            ("RedirectConfig", action.RedirectConfig is not null, Redirect),
            ("FixedResponseConfig", action.FixedResponseConfig is not null, FixedResponse),
            ("AuthenticateOidcConfig", action.AuthenticateOidcConfig is not null, AuthenticationActionValidator.Oidc),
            ("AuthenticateCognitoConfig", action.AuthenticateCognitoConfig is not null, AuthenticationActionValidator.Cognito),
            ("JwtValidationConfig", action.JwtValidationConfig is not null, AuthenticationActionValidator.JwtValidation),
        };

        foreach (var (name, present, type) in objects)
        {
            if (present && action.Type is not null && action.Type != type && (RoutingTypes.Contains(action.Type) || AuthenticationActionValidator.Types.Contains(action.Type)))
            {
                context.Add(resource, $"{prefix}.{name}", $"{name} is only allowed with Type '{type}'");
            }
        }
    }
}
