namespace KioskRuntime.Payments.Nexo;

/// <summary>A nexo message that cannot be read. <see cref="JsonPath"/> says where (<c>SaleToPOIResponse.PaymentResponse.Response</c>).</summary>
public sealed class NexoFormatException : Exception
{
    public NexoFormatException(string jsonPath, string problem)
        : base($"{jsonPath}: {problem}")
    {
        JsonPath = jsonPath;
        Problem = problem;
    }

    public NexoFormatException(string jsonPath, string problem, Exception inner)
        : base($"{jsonPath}: {problem}", inner)
    {
        JsonPath = jsonPath;
        Problem = problem;
    }

    public string JsonPath { get; }

    public string Problem { get; }
}
