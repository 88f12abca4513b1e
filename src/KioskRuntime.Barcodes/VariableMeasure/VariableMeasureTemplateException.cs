namespace KioskRuntime.Barcodes.VariableMeasure;

/// <summary>
/// Thrown when <see cref="BarcodeInterpreter"/> is constructed with templates that cannot be used (a configuration error in
/// the hardware profile): invalid templates or two templates with the same prefix. <see cref="Problems"/> lists every problem.
/// </summary>
internal sealed class VariableMeasureTemplateException : ArgumentException
{
    /// <summary>Creates the exception from the list of problems.</summary>
    public VariableMeasureTemplateException(IReadOnlyList<string> problems)
        : base("invalid variable measure templates: " + string.Join("; ", problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception with a message.</summary>
    public VariableMeasureTemplateException(string message)
        : base(message)
    {
        Problems = [message];
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public VariableMeasureTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public VariableMeasureTemplateException()
    {
        Problems = [];
    }

    /// <summary>Every problem found, each naming the template and property.</summary>
    public IReadOnlyList<string> Problems { get; }
}
