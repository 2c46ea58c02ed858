using System.Text.RegularExpressions;

namespace Crm.ServiceInterface.Conversations;

/// <summary>PCI: a card number (a Luhn-valid run of 13 to 19 digits, spaces or dashes allowed) is masked before a message is stored.</summary>
public static partial class CardNumbers
{
    [GeneratedRegex(@"(?<![\d])\d(?:[ \-]?\d){12,18}(?![\d])")]
    private static partial Regex DigitRun();

    public static string Mask(string text) => DigitRun().Replace(text, match =>
    {
        var digits = match.Value.Where(char.IsAsciiDigit).ToArray();
        if (digits.Length is < 13 or > 19 || !Luhn(digits)) return match.Value;
        var keep = digits.Length - 4; // the last four stay, as on a receipt
        var seen = 0;
        return string.Concat(match.Value.Select(ch => char.IsAsciiDigit(ch) ? (seen++ < keep ? '*' : ch) : ch));
    });

    private static bool Luhn(char[] digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[^(i + 1)] - '0';
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
