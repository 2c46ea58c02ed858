using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Crm.ServiceInterface.Customers;

/// <summary>
/// Normalises phone numbers to E.164 so that one person is one customer, whether the number came from SMS
/// (Twilio "+14155551234"), WhatsApp (Cloud API wa_id "16505551234", no '+') or an agent typing it in any
/// human format. A compact, table-driven subset of libphonenumber's parsing rules (that library is not available).
/// Callers that know a value is international (a WhatsApp wa_id always is) should prefix '+' so nothing is guessed.
/// </summary>
public static partial class PhoneNumber
{
    // Every assigned ITU-T E.164 country calling code (ranges inclusive). The set is prefix-free by design,
    // so the first 1-, 2- or 3-digit prefix found in it is where the country code ends.
    private const string CountryCodeList =
        "1 7 20 27 30-34 36 39 40 41 43-49 51-58 60-66 81 82 84 86 90-95 98 " +
        "211-213 216 218 220-258 260-269 290 291 297-299 350-359 370-378 380-383 385-387 389 420 421 423 " +
        "500-509 590-599 670 672-683 685-692 800 808 850 852 853 855 856 870 878 880-883 886 888 " +
        "960-968 970-977 979 992-996 998";

    // Supported default regions: "ISO codes|country code|trunk prefix|national significant number length min-max|
    // international prefix other than 00". NSN lengths exclude the trunk prefix; they are used to validate every
    // number with that country code and to tell a national number from a bare international one (WhatsApp form).
    // ES, PT, IT, DK, NO, PL, MX, CL, SG have no trunk prefix; Italy's leading 0 is part of the number itself.
    private static readonly string[] RegionRows =
    [
        "US CA PR VI GU AS MP AG AI BB BM BS DM DO GD JM KN KY LC MS SX TC TT VC VG|1|1|10-10|011",
        "GB GG JE IM|44|0|7-10|", "IE|353|0|7-10|", "DE|49|0|6-13|", "AT|43|0|6-13|", "CH LI|41|0|9-9|",
        "FR|33|0|9-9|", "BE|32|0|8-9|", "NL|31|0|9-9|", "ES|34||9-9|", "PT|351||9-9|", "IT VA|39||6-11|",
        "DK|45||8-8|", "NO|47||8-8|", "SE|46|0|7-10|", "PL|48||9-9|", "RU KZ|7|8|10-10|810", "TR|90|0|10-10|",
        "MX|52||10-11|", "BR|55|0|10-11|", "CL|56||9-9|", "IN|91|0|10-10|", "AU|61|0|9-9|0011",
        "NZ|64|0|8-10|", "JP|81|0|9-10|010", "SG|65||8-8|", "ZA|27|0|9-9|", "AE|971|0|8-9|", "SA|966|0|9-9|",
        "IL|972|0|8-9|",
    ];

    // Countries where a leading 0 belongs to the number (Italy/Vatican, San Marino, Côte d'Ivoire, Congo), so an
    // "(0)" written after their country code is kept instead of being dropped as a trunk prefix.
    private static readonly HashSet<string> ZeroIsSignificant = ["39", "378", "225", "242"];

    private sealed record Region(string Cc, string Trunk, int Min, int Max, string Idd);

    private static readonly HashSet<string> CountryCodes = ParseCountryCodes();
    private static readonly Dictionary<string, Region> ByRegion = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, Region> ByCc = ParseRegions();

    /// <summary>E.164 ("+442079460123") or null when the input cannot be a phone number.</summary>
    /// <param name="input">Any human, SMS or WhatsApp format; a trailing extension ("ext 12", "x12", "#12") is dropped.</param>
    /// <param name="defaultRegion">ISO 3166 alpha-2 used for national formats; an unsupported one means only
    /// international forms ('+', 00, bare digits starting with a country code) are accepted.</param>
    public static string? TryNormalize(string? input, string defaultRegion)
    {
        // Nothing, or something far longer than any formatted number with an extension, is not a phone number.
        if (string.IsNullOrWhiteSpace(input) || input.Length > 64) return null;
        // "tel:" URIs and Twilio's "whatsapp:+1…" channel prefix carry no number information.
        var text = UriScheme().Replace(input.Trim(), "");
        var mapped = new StringBuilder(text.Length);
        foreach (var c in text) mapped.Append(Map(c));
        // An extension cannot be represented in E.164 and does not identify a different person: drop it.
        text = Extension().Replace(mapped.ToString(), "");
        // "+44 (0)20…": the parenthesised 0 after a country code is the trunk prefix written for domestic callers.
        var trunkHint = TrunkInParens().IsMatch(text);
        text = TrunkInParens().Replace(text, " ");

        var plus = false;
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9') sb.Append(c);
            else if (c == '+' && sb.Length == 0 && !plus) plus = true; // '+' only as the very first significant char
            else if (c is not (' ' or '(' or ')')) return null;        // letters (vanity numbers), '*', a second '+'…
        }
        var digits = sb.ToString();
        if (digits.Length == 0) return null;
        if (plus) return International(digits, trunkHint);

        ByRegion.TryGetValue(defaultRegion ?? "", out var region);
        // International dialling prefixes: the region's own (011 NANP, 0011 AU, 010 JP, 810 RU) first, since "0011"
        // also starts with "00"; "00" is accepted everywhere, no national number in the table starts with it.
        foreach (var idd in new[] { region?.Idd ?? "", "00" })
            if (idd.Length > 0 && digits.StartsWith(idd, StringComparison.Ordinal))
                return International(digits[idd.Length..], trunkHint);
        if (region is null) return International(digits, trunkHint); // no national plan to apply: assume WhatsApp form

        // National form with the trunk prefix ("020 7946 0123", "1-415-555-1234", "8 495 …").
        if (region.Trunk.Length > 0 && digits.StartsWith(region.Trunk, StringComparison.Ordinal)
            && Finish(region.Cc, digits) is { } withTrunk)
            return withTrunk;
        // Bare international (WhatsApp) form: longer than any national number of the region, or, in a region whose
        // national numbers are written with a trunk prefix, starting with the region's own country code.
        if ((digits.Length > region.Max || (region.Trunk.Length > 0 && digits.StartsWith(region.Cc, StringComparison.Ordinal)))
            && International(digits, trunkHint) is { } bare)
            return bare;
        // Otherwise a national number written without a trunk prefix ("(415) 555-1234", ES "912 345 678", IT "06…").
        return Finish(region.Cc, digits);
    }

    /// <summary>True when <paramref name="value"/> is already the canonical E.164 form this class produces.</summary>
    public static bool IsValidE164(string value) =>
        value is { Length: >= 9 and <= 16 } && value[0] == '+' && value.Skip(1).All(char.IsAsciiDigit)
        && TryNormalize(value, "") == value;

    private static string? International(string digits, bool trunkHint)
    {
        for (var n = 1; n <= 3 && n < digits.Length; n++)
        {
            var cc = digits[..n];
            if (!CountryCodes.Contains(cc)) continue;
            var nsn = trunkHint && ZeroIsSignificant.Contains(cc) ? "0" + digits[n..] : digits[n..];
            return Finish(cc, nsn);
        }
        return null; // starts with 0 or with an unassigned code such as 999
    }

    private static string? Finish(string cc, string nsn)
    {
        if (ByCc.TryGetValue(cc, out var r))
        {
            // A trunk prefix written inside a number ("+44 020…", "+1 1 415…") goes: 0 and 1 never begin a national
            // number in these plans, but Russia's 8 can (8-800 toll free), so it goes only when the length says so.
            if (r.Trunk.Length > 0 && nsn.StartsWith(r.Trunk, StringComparison.Ordinal) && (r.Trunk != "8" || !Fits(r, nsn)))
                nsn = nsn[r.Trunk.Length..];
            if (!Fits(r, nsn)) return null;                       // too short or too long for that country
            if (r.Trunk == "0" && nsn[0] == '0') return null;      // a second 0 ("0044…" typed as national, "+44 00…")
            if (cc == "1" && (nsn[0] < '2' || nsn[3] < '2')) return null; // NANP area code and exchange start 2-9
        }
        var total = cc.Length + nsn.Length;
        // E.164 allows 15 digits at most; below 8 nothing reachable is left; an all-zero national part is filler.
        return total is >= 8 and <= 15 && nsn.Any(c => c != '0') ? "+" + cc + nsn : null;
    }

    private static bool Fits(Region r, string nsn) => nsn.Length >= r.Min && nsn.Length <= r.Max;

    // Folds every written form onto ASCII: any Unicode decimal digit (full-width, Arabic-Indic…) to 0-9, full-width
    // plus to '+', brackets to parentheses, and spaces (NBSP included), dots, slashes, dashes and minus to a space.
    private static char Map(char c)
    {
        if (char.IsDigit(c)) return (char)('0' + (int)char.GetNumericValue(c));
        if (c is '+' or '\uFF0B') return '+';
        if (char.IsWhiteSpace(c) || c is '.' or '/' or '\uFF0E' or '\uFF0F' or '\u2212') return ' ';
        return CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.DashPunctuation => ' ',
            UnicodeCategory.OpenPunctuation => '(',
            UnicodeCategory.ClosePunctuation => ')',
            _ => c,
        };
    }

    private static HashSet<string> ParseCountryCodes()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in CountryCodeList.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = item.Split('-');
            var (from, to) = (int.Parse(bounds[0], CultureInfo.InvariantCulture), int.Parse(bounds[^1], CultureInfo.InvariantCulture));
            for (var code = from; code <= to; code++) set.Add(code.ToString(CultureInfo.InvariantCulture));
        }
        return set;
    }

    private static Dictionary<string, Region> ParseRegions()
    {
        var byCc = new Dictionary<string, Region>(StringComparer.Ordinal);
        foreach (var row in RegionRows)
        {
            var f = row.Split('|');
            var len = f[3].Split('-');
            var region = new Region(f[1], f[2], int.Parse(len[0], CultureInfo.InvariantCulture),
                int.Parse(len[1], CultureInfo.InvariantCulture), f[4]);
            byCc[region.Cc] = region;
            foreach (var iso in f[0].Split(' ')) ByRegion[iso] = region;
        }
        return byCc;
    }

    [GeneratedRegex(@"^(?:tel|whatsapp):", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"\s*(?:(?:extension|extn|ext|x)\s*:?|[#,;]+)\s*\d{1,7}\s*#?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Extension();

    [GeneratedRegex(@"(?<=\d\s*)\(\s*0\s*\)")]
    private static partial Regex TrunkInParens();
}
