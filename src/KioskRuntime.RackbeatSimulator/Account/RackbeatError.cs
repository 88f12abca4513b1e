namespace KioskRuntime.RackbeatSimulator.Account;

/// <summary>A request the account refuses: answered with <see cref="Status"/> and Rackbeat's error shape <c>{"errors":{field:[msg]}}</c>.</summary>
internal sealed class RackbeatError : Exception
{
    public RackbeatError(int status, string field, string message)
        : base($"{field}: {message}")
    {
        Status = status;
        Errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] };
    }

    public int Status { get; }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public static RackbeatError Invalid(string field, string message) => new(422, field, message);

    public static RackbeatError NotFound(string what) => new(404, "resource", $"{what} was not found.");
}
