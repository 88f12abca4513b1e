using System.Globalization;
using System.Text;

namespace KioskRuntime.Sync;

/// <summary>What the options print (logs, exceptions, a debugger): everything but the bearer token, which shows as <c>***</c>.</summary>
public sealed partial record UpstreamOptions
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"BaseUrl = {BaseUrl}, Token = ***, KioskId = {KioskId}, RequestTimeout = {RequestTimeout}, ");
        builder.Append(CultureInfo.InvariantCulture, $"MaxBatch = {MaxBatch}, BackoffBase = {BackoffBase}, BackoffCap = {BackoffCap}, CatalogInterval = {CatalogInterval}");
        return true;
    }
}
