using System.Globalization;
using System.Text.RegularExpressions;
using PhoneNumbers;
using ParsedNumber = PhoneNumbers.PhoneNumber;

namespace Crm.ServiceInterface.Customers;

/// <summary>
/// Phone numbers in E.164 so that one person is one customer, whether the number came from SMS (Twilio "+14155551234"),
/// WhatsApp (Cloud API wa_id "16505551234", no '+') or an agent typing it in any human format. Parsing, validation and
/// display formatting are Google's libphonenumber (every region, its current numbering plans).
/// Callers that know a value is international (a WhatsApp wa_id always is) should prefix '+' so nothing is guessed.
/// </summary>
public static partial class PhoneNumber
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>E.164 ("+442079460123") or null when the input is not a valid phone number.</summary>
    /// <param name="input">Any human, SMS or WhatsApp format; a trailing extension ("ext 12", "x12", "#12") is dropped.</param>
    /// <param name="defaultRegion">ISO 3166 alpha-2 used for national formats; an unknown one means only
    /// international forms ('+', 00, bare digits starting with a country code) are accepted.</param>
    public static string? TryNormalize(string? input, string defaultRegion) =>
        Parse(input, defaultRegion) is { } number ? Util.Format(number, PhoneNumberFormat.E164) : null;

    /// <summary>How people read the number: "+44 20 7946 0123"; anything that is not a valid number comes back as it is.</summary>
    public static string Display(string value) =>
        Parse(value, "") is { } number ? Util.Format(number, PhoneNumberFormat.INTERNATIONAL) : value;

    /// <summary>True when <paramref name="value"/> is already the canonical E.164 form this class produces.</summary>
    public static bool IsValidE164(string value) => value.StartsWith('+') && TryNormalize(value, "") == value;

    /// <summary>True when the number belongs to <paramref name="region"/>'s numbering plan (a Toronto number is not a US one).</summary>
    public static bool IsIn(string e164, string region) =>
        Parse(e164, "") is { } number && Util.IsValidNumberForRegion(number, region.ToUpperInvariant());

    private static ParsedNumber? Parse(string? input, string defaultRegion)
    {
        // Nothing, or something far longer than any formatted number with an extension, is not a phone number.
        if (string.IsNullOrWhiteSpace(input) || input.Length > 64) return null;
        // "tel:" URIs and Twilio's "whatsapp:+1…" channel prefix carry no number information; any space (NBSP too) is a space.
        var text = AnySpace().Replace(UriScheme().Replace(input.Trim(), ""), " ");
        // libphonenumber would read letters as a keypad (vanity numbers) and '*' as a separator; a customer's number has neither.
        if (NotAPhoneCharacter().IsMatch(Extension().Replace(text, ""))) return null;
        var region = (defaultRegion ?? "").ToUpperInvariant();
        if (!Util.GetSupportedRegions().Contains(region)) region = "ZZ";
        var bare = !text.Contains('+');
        // WhatsApp form ("4915112345678" read in Germany): where national numbers are written with a trunk prefix,
        // digits starting with the region's own country code are international, even when they would fit a national plan.
        if (bare && region != "ZZ" && Util.GetNddPrefixForRegion(region, true) is { Length: > 0 }
            && text.TrimStart().StartsWith(Util.GetCountryCodeForRegion(region).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            && Valid("+" + text, region) is { } international)
            return international;
        return Valid(text, region)
            // "00" dials out of nearly every country, also where no default region says so.
            ?? (region == "ZZ" && LeadingZeroZero().Match(text) is { Success: true } m ? Valid("+" + text[m.Length..], region) : null)
            // A bare international number in WhatsApp form ("447911123456"), when it is no valid national one.
            ?? (bare ? Valid("+" + text, region) : null);
    }

    private static ParsedNumber? Valid(string text, string region)
    {
        try
        {
            var number = Util.Parse(text, region);
            if (Util.IsValidNumber(number)) return number;
            // Mexico dropped the mobile "1" after +52 in 2019, but WhatsApp ids and old address books still carry it.
            var national = number.NationalNumber.ToString(CultureInfo.InvariantCulture);
            return number.CountryCode == 52 && national.Length == 11 && national[0] == '1' ? Valid("+52" + national[1..], region) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(?:tel|whatsapp):", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"\s")]
    private static partial Regex AnySpace();

    [GeneratedRegex(@"^\s*0\s*0")]
    private static partial Regex LeadingZeroZero();

    [GeneratedRegex(@"\s*(?:(?:extension|extn|ext|x)\s*\.?:?|[#,;]+)\s*\d{1,7}\s*#?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Extension();

    [GeneratedRegex(@"[\p{L}*]")]
    private static partial Regex NotAPhoneCharacter();
}
