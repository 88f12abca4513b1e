namespace KioskRuntime.Linux;

/// <summary>
/// ioctl request numbers, as the _IOC macros of asm-generic/ioctl.h build them: direction in bits 30–31, argument size in bits
/// 16–29, type in bits 8–15, number in bits 0–7. x86-64 and arm64 both use this generic encoding (PowerPC, MIPS and SPARC do not,
/// and are not supported). Thread safety: stateless.
/// </summary>
public static class IoctlRequest
{
    private const uint None = 0;
    private const uint Write = 1;
    private const uint Read = 2;

    /// <summary>_IO(type, nr).</summary>
    public static nuint IO(char type, int number) => Encode(None, type, number, 0);

    /// <summary>_IOR(type, nr, size): the kernel writes <paramref name="size"/> bytes to the argument.</summary>
    public static nuint IOR(char type, int number, int size) => Encode(Read, type, number, size);

    /// <summary>_IOW(type, nr, size): the kernel reads <paramref name="size"/> bytes from the argument.</summary>
    public static nuint IOW(char type, int number, int size) => Encode(Write, type, number, size);

    /// <summary>_IOWR(type, nr, size).</summary>
    public static nuint IOWR(char type, int number, int size) => Encode(Read | Write, type, number, size);

    private static nuint Encode(uint direction, char type, int number, int size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)size, 0x3FFFu, nameof(size));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)number, 0xFFu, nameof(number));
        return (nuint)((direction << 30) | ((uint)size << 16) | ((uint)(byte)type << 8) | (uint)number);
    }
}
