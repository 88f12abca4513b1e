namespace KioskRuntime.Sync.Catalog;

/// <summary>The contract's GTIN form: exactly 14 digits with a valid GS1 check digit (weights 3,1,3,… from the right).</summary>
internal static class Gtin14
{
    public static bool IsValid(string? text, out string? problem)
    {
        if (text is null || text.Length != 14)
        {
            problem = $"\"{text}\" must be exactly 14 digits, got {text?.Length ?? 0} characters";
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 13; i++)
        {
            var c = text[i];
            if (c is < '0' or > '9')
            {
                problem = $"\"{text}\" has a non-digit at position {i + 1}";
                return false;
            }

            sum += (c - '0') * (i % 2 == 0 ? 3 : 1);
        }

        if (text[13] is < '0' or > '9')
        {
            problem = $"\"{text}\" has a non-digit at position 14";
            return false;
        }

        var check = (10 - (sum % 10)) % 10;
        if (text[13] - '0' != check)
        {
            problem = $"\"{text}\" has check digit {text[13]}, expected {check}";
            return false;
        }

        problem = null;
        return true;
    }
}
