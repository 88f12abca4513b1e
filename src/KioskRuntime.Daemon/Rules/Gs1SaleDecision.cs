using KioskRuntime.Domain;

namespace KioskRuntime.Daemon.Rules;

/// <summary>
/// The outcome of <see cref="Gs1SaleRules.Decide"/>: <see cref="Add"/> puts the line in the cart, or <see cref="Refusal"/> says why not;
/// <see cref="Report"/> (the rule's name) is set when the refusal is journaled for the waste report, with the <see cref="Date"/> that passed.
/// </summary>
internal sealed record Gs1SaleDecision(Func<Cart, CartLine>? Add, string? Refusal, string? Report, DateOnly? Date, LineTrace Trace);
