using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KioskRuntime.Barcodes;
using KioskRuntime.Barcodes.VariableMeasure;
using KioskRuntime.Contract;
using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;

namespace KioskRuntime.Hardware.Profiles;

/// <summary>
/// Loads a hardware profile (JSON with comments and trailing commas allowed), checks everything, and reports every problem with file,
/// line and column. Stateless apart from the driver catalog; thread-safe.
/// </summary>
public sealed partial class ProfileLoader(IDriverCatalog drivers)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly HashSet<string> TopLevelKeys =
    [
        "$schema", "kioskId", "locale", "currency", "timeZone", "registerId", "seller", "controlBarcodes", "duplicateScanWindowMs",
        "limits", "requireReceiptPrinter", "variableMeasure", "devices", "staff", "access", "gs1", "returns", "screen", "signature",
        "adjustmentCategories",
    ];

    /// <summary>Loads and validates; throws <see cref="InvalidProfileException"/> listing every problem.</summary>
    public HardwareProfile Load(string file)
    {
        var (profile, problems) = TryLoad(file);
        return problems.Count == 0 && profile is not null ? profile : throw new InvalidProfileException(problems);
    }

    public (HardwareProfile? Profile, IReadOnlyList<ProfileProblem> Problems) TryLoad(string file)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, [new ProfileProblem(file, 0, 0, "", $"cannot read the file: {e.Message}")]);
        }

        return Parse(bytes, file);
    }

    public (HardwareProfile? Profile, IReadOnlyList<ProfileProblem> Problems) Parse(byte[] utf8, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? -1) + 1;
            var column = (int)(e.BytePositionInLine ?? -1) + 1;
            return (null, [new ProfileProblem(file, line, column, "", $"not valid JSON: {FirstSentence(e.Message)}")]);
        }

        using (document)
        {
            var positions = JsonPositions.Build(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var v = new Validation(file, positions);
            var profile = Read(document.RootElement, v, file);
            return (v.Problems.Count == 0 ? profile : null, v.Problems);
        }
    }

    private HardwareProfile? Read(JsonElement root, Validation v, string file)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            v.Add("", "the profile must be a JSON object");
            return null;
        }

        foreach (var p in root.EnumerateObject())
        {
            if (!TopLevelKeys.Contains(p.Name))
            {
                v.Add(p.Name, $"unknown setting; expected one of: {string.Join(", ", TopLevelKeys.Where(k => k != "$schema"))}");
            }
        }

        var kioskId = v.RequiredString(root, "kioskId");
        if (kioskId is not null && !ContractKioskId.IsValid(kioskId))
        {
            v.Add("kioskId", $"'{kioskId}' does not match {ContractKioskId.Pattern} (lower-case letters, digits and '-')");
        }

        var locale = v.OptionalString(root, "locale") ?? "nb-NO";
        try
        {
            _ = CultureInfo.GetCultureInfo(locale, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            v.Add("locale", $"'{locale}' is not a known culture (like \"nb-NO\")");
        }

        var currency = v.OptionalString(root, "currency") ?? "NOK";
        if (!CurrencyPattern().IsMatch(currency))
        {
            v.Add("currency", $"'{currency}' is not an ISO 4217 code (three capital letters, like \"NOK\")");
        }

        var timeZone = v.OptionalString(root, "timeZone") ?? "Europe/Oslo";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            v.Add("timeZone", $"'{timeZone}' is not a time zone known to this system (like \"Europe/Oslo\")");
        }

        var registerId = v.OptionalString(root, "registerId") ?? kioskId ?? "";
        var seller = ReadSeller(root, v);
        var control = ReadControl(root, v);
        var window = v.OptionalInt(root, "duplicateScanWindowMs", 0, 10_000) ?? 400;
        decimal? offlineMax = null;
        if (root.TryGetProperty("limits", out var limits))
        {
            if (limits.ValueKind != JsonValueKind.Object)
            {
                v.Add("limits", "expected an object like { \"offlineMaxAmount\": \"2000.00\" }");
            }
            else if (v.OptionalString(limits, "offlineMaxAmount", "limits.offlineMaxAmount") is { } max)
            {
                if (decimal.TryParse(max, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m) && m >= 0)
                {
                    offlineMax = m;
                }
                else
                {
                    v.Add("limits.offlineMaxAmount", $"'{max}' is not an amount like \"2000.00\"");
                }
            }
        }

        var requirePrinter = v.OptionalBool(root, "requireReceiptPrinter") ?? true;
        var variable = ReadVariableMeasure(root, v);
        var devices = ReadDevices(root, v);
        var staff = ReadStaff(root, v);
        var access = ReadAccess(root, v);
        var gs1 = ReadGs1(root, v);
        var returns = ReadReturns(root, v);
        var adjustmentCategories = ReadAdjustmentCategories(root, v);
        var screen = ReadScreen(root, v);
        if (access.UnlockAfterSale && !devices.Any(d => d.Kind == DeviceKind.DoorLock))
        {
            v.Add("access.unlockAfterSale", "is true but the profile has no door-lock device");
        }

        var listsStaff = root.TryGetProperty("staff", out var staffList) && staffList.ValueKind == JsonValueKind.Array && staffList.GetArrayLength() > 0;
        if (listsStaff && !devices.Any(d => d.Kind == DeviceKind.Nfc))
        {
            v.Add("staff", "lists staff cards but the profile has no nfc card reader");
        }

        // Norway: no sale is concluded without a printed receipt (kassasystemforskriften § 2-6 (4)); a setting that switches a required
        // function off counts as hiding it. So "false" is for kiosks that take no real money (a simulated terminal) only.
        if (!requirePrinter && devices.Any(d => d.Kind == DeviceKind.PaymentTerminal && d.Driver is not ("simulated" or "nexo-simulated")))
        {
            v.Add("requireReceiptPrinter", "false is allowed only with a simulated payment terminal: a sale needs a printed receipt (Norway, kassasystemforskriften § 2-6 (4); docs/norway.md)");
        }

        if (v.Problems.Count > 0 || kioskId is null || seller is null || control is null)
        {
            return null;
        }

        return new HardwareProfile
        {
            SourceFile = file,
            KioskId = kioskId,
            Locale = locale,
            Currency = currency,
            TimeZone = timeZone,
            RegisterId = registerId,
            Seller = seller,
            ControlBarcodes = control,
            DuplicateScanWindow = TimeSpan.FromMilliseconds(window),
            OfflineMaxAmount = offlineMax,
            RequireReceiptPrinter = requirePrinter,
            VariableMeasure = variable,
            Devices = devices,
            Staff = staff,
            Access = access,
            Gs1 = gs1,
            Returns = returns,
            AdjustmentCategories = adjustmentCategories,
            Screen = screen,
        };
    }

    private static List<StaffCard> ReadStaff(JsonElement root, Validation v)
    {
        var cards = new List<StaffCard>();
        if (!root.TryGetProperty("staff", out var list))
        {
            return cards;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            v.Add("staff", "expected an array like [{ \"id\": \"kari\", \"role\": \"staff\", \"cardHash\": \"<64 hex digits>\" }]");
            return cards;
        }

        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var at = $"staff[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                v.Add(at, "expected an object with id, role, cardHash");
                continue;
            }

            foreach (var p in item.EnumerateObject().Where(p => p.Name is not ("id" or "role" or "cardHash")))
            {
                v.Add($"{at}.{p.Name}", "unknown setting; expected id, role, cardHash");
            }

            var id = v.RequiredString(item, "id", $"{at}.id");
            var roleText = v.OptionalString(item, "role", $"{at}.role") ?? "staff";
            var hash = v.RequiredString(item, "cardHash", $"{at}.cardHash");
            StaffRole? role = roleText switch { "staff" => StaffRole.Staff, "technician" => StaffRole.Technician, _ => null };
            if (role is null)
            {
                v.Add($"{at}.role", $"'{roleText}' is not a role; expected staff or technician");
            }

            if (hash is not null && !CardUidHash.IsValid(hash))
            {
                v.Add($"{at}.cardHash", "expected the card's salted UID hash: 64 lowercase hex digits (never the raw UID)");
            }
            else if (hash is not null && cards.Any(c => c.CardHash.Hex == hash))
            {
                v.Add($"{at}.cardHash", "the same card is listed twice");
            }

            if (id is not null && role is { } r && hash is not null && CardUidHash.IsValid(hash))
            {
                cards.Add(new StaffCard(id, r, new CardUidHash(hash)));
            }
        }

        return cards;
    }

    private static AccessPolicy ReadAccess(JsonElement root, Validation v)
    {
        if (!root.TryGetProperty("access", out var a))
        {
            return new AccessPolicy();
        }

        if (a.ValueKind != JsonValueKind.Object)
        {
            v.Add("access", "expected an object like { \"unlockAfterSale\": true, \"staffModeSeconds\": 300, \"tamperStopsSelling\": true }");
            return new AccessPolicy();
        }

        foreach (var p in a.EnumerateObject().Where(p => p.Name is not ("unlockAfterSale" or "staffModeSeconds" or "tamperStopsSelling" or "operatorsGroup")))
        {
            v.Add($"access.{p.Name}", "unknown setting; expected unlockAfterSale, staffModeSeconds, tamperStopsSelling, operatorsGroup");
        }

        var group = v.OptionalString(a, "operatorsGroup", "access.operatorsGroup");
        if (group is not null && !GroupNamePattern().IsMatch(group))
        {
            v.Add("access.operatorsGroup", $"'{group}' is not a Unix group name (lowercase letters, digits, '-', '_', starting with a letter or '_')");
            group = null;
        }

        var defaults = new AccessPolicy();
        return new AccessPolicy
        {
            UnlockAfterSale = v.OptionalBool(a, "unlockAfterSale", "access.unlockAfterSale") ?? defaults.UnlockAfterSale,
            StaffModeTimeout = v.OptionalInt(a, "staffModeSeconds", 10, 3600, "access.staffModeSeconds") is { } s ? TimeSpan.FromSeconds(s) : defaults.StaffModeTimeout,
            TamperStopsSelling = v.OptionalBool(a, "tamperStopsSelling", "access.tamperStopsSelling") ?? defaults.TamperStopsSelling,
            OperatorsGroup = group,
        };
    }

    private static ScreenPolicy ReadScreen(JsonElement root, Validation v)
    {
        if (!root.TryGetProperty("screen", out var s))
        {
            return new ScreenPolicy();
        }

        if (s.ValueKind != JsonValueKind.Object)
        {
            v.Add("screen", "expected an object like { \"enabled\": true, \"port\": 8089 }");
            return new ScreenPolicy();
        }

        foreach (var p in s.EnumerateObject().Where(p => p.Name is not ("enabled" or "port")))
        {
            v.Add($"screen.{p.Name}", "unknown setting; expected enabled, port (the screen API listens on loopback and a unix socket only)");
        }

        var defaults = new ScreenPolicy();
        return new ScreenPolicy
        {
            Enabled = v.OptionalBool(s, "enabled", "screen.enabled") ?? defaults.Enabled,
            Port = v.OptionalInt(s, "port", 0, 65535, "screen.port") ?? defaults.Port,
        };
    }

    private static List<VariableMeasureTemplate> ReadVariableMeasure(JsonElement root, Validation v)
    {
        var templates = new List<VariableMeasureTemplate>();
        if (!root.TryGetProperty("variableMeasure", out var vm))
        {
            return templates;
        }

        if (vm.ValueKind != JsonValueKind.Array)
        {
            v.Add("variableMeasure", "expected an array of templates");
            return templates;
        }

        var i = 0;
        foreach (var element in vm.EnumerateArray())
        {
            var at = $"variableMeasure[{i++}]";
            VariableMeasureTemplate? template;
            try
            {
                template = element.Deserialize<VariableMeasureTemplate>(TemplateJson);
            }
            catch (JsonException e)
            {
                v.Add(at, $"not a template like {{ \"prefix\": \"23\", \"itemDigits\": 5, \"valueDigits\": 5, \"decimals\": 3, \"unit\": \"kilograms\", \"hasVerifierDigit\": false }}: {FirstSentence(e.Message)}");
                continue;
            }

            if (template is null)
            {
                v.Add(at, "expected a template object");
                continue;
            }

            foreach (var problem in template.Validate())
            {
                v.Add(at, problem);
            }

            if (templates.Any(t => t.Prefix == template.Prefix))
            {
                v.Add($"{at}.prefix", $"prefix {template.Prefix} has two templates");
            }

            templates.Add(template);
        }

        return templates;
    }

    private static readonly JsonSerializerOptions TemplateJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static SellerInfo? ReadSeller(JsonElement root, Validation v)
    {
        if (!root.TryGetProperty("seller", out var s) || s.ValueKind != JsonValueKind.Object)
        {
            v.Add("seller", "required: an object like { \"name\": \"Kiosk AS\", \"orgNumber\": \"123456785\" }");
            return null;
        }

        var name = v.RequiredString(s, "name", "seller.name");
        var org = v.RequiredString(s, "orgNumber", "seller.orgNumber");
        if (org is not null && !OrgNumber.IsValid(org.Replace(" ", "", StringComparison.Ordinal)))
        {
            v.Add("seller.orgNumber", $"'{org}' is not a valid Norwegian organisation number (9 digits, modulus-11 check digit)");
        }

        var address = new List<string>();
        if (s.TryGetProperty("address", out var a))
        {
            if (a.ValueKind == JsonValueKind.Array && a.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String))
            {
                address.AddRange(a.EnumerateArray().Select(x => x.GetString()!));
            }
            else
            {
                v.Add("seller.address", "expected an array of strings (address lines)");
            }
        }

        return name is null || org is null ? null : new SellerInfo(name, org.Replace(" ", "", StringComparison.Ordinal), address);
    }

    private static ControlBarcodes? ReadControl(JsonElement root, Validation v)
    {
        if (!root.TryGetProperty("controlBarcodes", out var c) || c.ValueKind != JsonValueKind.Object)
        {
            v.Add("controlBarcodes", "required: an object like { \"checkout\": \"KIOSK-CHECKOUT\", \"cancel\": \"KIOSK-CANCEL\" }");
            return null;
        }

        var checkout = v.RequiredString(c, "checkout", "controlBarcodes.checkout");
        var cancel = v.RequiredString(c, "cancel", "controlBarcodes.cancel");
        var staff = v.OptionalString(c, "staff", "controlBarcodes.staff");
        if (checkout is not null && checkout == cancel)
        {
            v.Add("controlBarcodes.cancel", "must differ from the checkout barcode");
        }

        return checkout is null || cancel is null ? null : new ControlBarcodes(checkout, cancel, staff);
    }

    private List<DeviceConfig> ReadDevices(JsonElement root, Validation v)
    {
        var result = new List<DeviceConfig>();
        if (!root.TryGetProperty("devices", out var devices) || devices.ValueKind != JsonValueKind.Array)
        {
            v.Add("devices", "required: an array of devices");
            return result;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var d in devices.EnumerateArray())
        {
            var at = $"devices[{i++}]";
            if (d.ValueKind != JsonValueKind.Object)
            {
                v.Add(at, "expected an object with name, kind, driver");
                continue;
            }

            foreach (var p in d.EnumerateObject())
            {
                if (p.Name is not ("name" or "kind" or "driver" or "path" or "options"))
                {
                    v.Add($"{at}.{p.Name}", "unknown setting; expected name, kind, driver, path, options");
                }
            }

            var name = v.RequiredString(d, "name", $"{at}.name");
            if (name is not null && !names.Add(name))
            {
                v.Add($"{at}.name", $"'{name}' is used by another device");
            }

            var kindText = v.RequiredString(d, "kind", $"{at}.kind");
            DeviceKind? kind = kindText is null ? null : ParseKind(kindText);
            if (kindText is not null && kind is null)
            {
                v.Add($"{at}.kind", kindText == "gpio"
                    ? "'gpio' is not a device kind: name what the lines do (light, door-lock, buzzer or sensors) and pick a gpio-* driver"
                    : $"'{kindText}' is not a device kind; expected one of: {string.Join(", ", Enum.GetValues<DeviceKind>().Select(KindName))}");
            }

            var driver = v.RequiredString(d, "driver", $"{at}.driver");
            if (kind is { } k && driver is not null && !drivers.DriversFor(k).Contains(driver, StringComparer.Ordinal))
            {
                v.Add($"{at}.driver", $"'{driver}' is not a {KindName(k)} driver; expected one of: {string.Join(", ", drivers.DriversFor(k))}");
                continue;
            }

            var path = v.OptionalString(d, "path", $"{at}.path");
            var options = d.TryGetProperty("options", out var o) ? o.Clone() : JsonDocument.Parse("{}").RootElement.Clone();
            if (options.ValueKind != JsonValueKind.Object)
            {
                v.Add($"{at}.options", "expected an object");
                continue;
            }

            if (name is null || kind is null || driver is null)
            {
                continue;
            }

            var config = new DeviceConfig(name, kind.Value, driver, path, options, v.LineOf(at));
            foreach (var (rel, message) in drivers.Validate(config))
            {
                v.Add(rel.Length == 0 ? at : $"{at}.{rel}", message);
            }

            result.Add(config);
        }

        return result;
    }

    /// <summary>A kind as profiles write it: <c>payment-terminal</c>, <c>door-lock</c>, <c>nfc</c> …</summary>
    public static string KindName(DeviceKind kind) => kind switch
    {
        DeviceKind.PaymentTerminal => "payment-terminal",
        DeviceKind.DoorLock => "door-lock",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static DeviceKind? ParseKind(string text) =>
        Enum.GetValues<DeviceKind>().Select(k => (DeviceKind?)k).FirstOrDefault(k => KindName(k!.Value) == text);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
