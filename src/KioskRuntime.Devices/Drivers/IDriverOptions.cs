namespace KioskRuntime.Devices.Drivers;

/// <summary>
/// A driver's options as a profile writes them: a sealed record whose properties are the option names (camelCase in the profile),
/// bound by <see cref="DriverOptionsBinder"/>. Types, unknown names, <c>required</c> members and
/// <see cref="System.ComponentModel.DataAnnotations.RangeAttribute"/> are checked by the binder; <see cref="Validate"/> checks the rest.
/// </summary>
public interface IDriverOptions
{
    /// <summary>
    /// Every problem the binder cannot see (formats, options that exclude each other), each with its path relative to the device object
    /// (<c>options.baudRate</c>, <c>options.inputs[1].name</c>, or <c>path</c>). Empty when valid.
    /// </summary>
    IEnumerable<(string Path, string Message)> Validate();
}
