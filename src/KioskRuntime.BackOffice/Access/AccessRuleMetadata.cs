using Microsoft.AspNetCore.Builder;

namespace KioskRuntime.BackOffice.Access;

/// <summary>Endpoint metadata carrying its <see cref="AccessRule"/>; set with <see cref="AccessRules.Allow{T}"/>.</summary>
internal sealed record AccessRuleMetadata(AccessRule Rule);

/// <summary>Attaches an <see cref="AccessRule"/> to a mapped endpoint.</summary>
internal static class AccessRules
{
    public static T Allow<T>(this T builder, AccessRule rule)
        where T : IEndpointConventionBuilder => builder.WithMetadata(new AccessRuleMetadata(rule));
}
