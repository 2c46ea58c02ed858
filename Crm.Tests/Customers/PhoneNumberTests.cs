using Crm.ServiceInterface.Customers;

namespace Crm.Tests.Customers;

public class PhoneNumberTests
{
    // (input, default region, expected E.164)
    public static TheoryData<string, string, string> Valid => new()
    {
        // US / CA, every common format; SMS (Twilio) and WhatsApp (no '+') forms.
        { "(415) 555-1234", "US", "+14155551234" },
        { "415.555.1234", "US", "+14155551234" },
        { "415-555-1234", "CA", "+14155551234" },
        { "415 555 1234", "US", "+14155551234" },
        { "4155551234", "US", "+14155551234" },
        { "1-415-555-1234", "US", "+14155551234" },
        { "1 (415) 555-1234", "US", "+14155551234" },
        { "+1 415 555 1234", "GB", "+14155551234" },
        { "+1 (415) 555-1234", "DE", "+14155551234" },
        { "+14155551234", "US", "+14155551234" },
        { "tel:+1-415-555-1234", "US", "+14155551234" },
        { "whatsapp:+14155551234", "US", "+14155551234" },
        { "14155551234", "US", "+14155551234" },
        { "16505551234", "US", "+16505551234" },
        { "16505551234", "GB", "+16505551234" },
        { "001 650 555 1234", "GB", "+16505551234" },
        { "(604) 555-0199", "CA", "+16045550199" },
        { "415-555-1234 ext. 12", "US", "+14155551234" },
        { "(415) 555-1234 x12", "US", "+14155551234" },
        { "+1 415 555 1234 #12", "US", "+14155551234" },
        { "011 44 20 7946 0123", "US", "+442079460123" },
        // GB: trunk 0 nationally, "(0)" inside international numbers.
        { "020 7946 0123", "GB", "+442079460123" },
        { "(0)20 7946 0123", "GB", "+442079460123" },
        { "07911 123456", "GB", "+447911123456" },
        { "7911 123456", "GB", "+447911123456" },
        { "+44 7911 123456", "US", "+447911123456" },
        { "0044 7911 123456", "DE", "+447911123456" },
        { "+44 (0)20 7946 0123", "US", "+442079460123" },
        { "+44(0)7911-123-456", "GB", "+447911123456" },
        { "+44 020 7946 0123", "FR", "+442079460123" },
        { "447911123456", "US", "+447911123456" },
        { "447911123456", "GB", "+447911123456" },
        // DE
        { "030 1234567", "DE", "+49301234567" },
        { "030/1234567", "DE", "+49301234567" },
        { "+49 30 1234567", "US", "+49301234567" },
        { "0049 30 1234567", "GB", "+49301234567" },
        { "+49 (0)30 1234567", "FR", "+49301234567" },
        { "0151 12345678", "DE", "+4915112345678" },
        { "4915112345678", "DE", "+4915112345678" },
        // FR
        { "01 23 45 67 89", "FR", "+33123456789" },
        { "06.12.34.56.78", "FR", "+33612345678" },
        { "+33 6 12 34 56 78", "ES", "+33612345678" },
        { "33612345678", "FR", "+33612345678" },
        // ES: no trunk prefix.
        { "912 345 678", "ES", "+34912345678" },
        { "612 34 56 78", "ES", "+34612345678" },
        { "+34 912 345 678", "US", "+34912345678" },
        { "0034 912345678", "FR", "+34912345678" },
        { "34612345678", "ES", "+34612345678" },
        // IT: the leading 0 is part of the number and stays in E.164.
        { "06 1234 5678", "IT", "+390612345678" },
        { "+39 06 1234 5678", "US", "+390612345678" },
        { "+39 (0)6 1234 5678", "GB", "+390612345678" },
        { "0039 02 1234 5678", "DE", "+390212345678" },
        { "312 345 6789", "IT", "+393123456789" },
        { "393123456789", "IT", "+393123456789" },
        // MX: the old mobile "1" after +52 was abolished in 2019 and is dropped. (The hand-written normaliser kept it, so
        // a customer writing with and without it became two customers.)
        { "+52 1 55 1234 5678", "US", "+525512345678" },
        { "5215512345678", "US", "+525512345678" },
        { "5215512345678", "MX", "+525512345678" },
        { "55 1234 5678", "MX", "+525512345678" },
        { "+52 55 1234 5678", "US", "+525512345678" },
        // BR
        { "+55 11 91234-5678", "US", "+5511912345678" },
        { "(11) 91234-5678", "BR", "+5511912345678" },
        { "011 91234-5678", "BR", "+5511912345678" },
        { "5511912345678", "BR", "+5511912345678" },
        // BR: mobiles got a ninth digit (a leading 9); an old eight-digit mobile is no longer a number, a landline still is.
        { "+55 11 3456-7890", "US", "+551134567890" },
        { "0 21 11 91234-5678", "BR", "+5511912345678" }, // dialled through carrier 21: the carrier code is not the number
        // AR: a mobile is +54 9 <area> <number> internationally and 0<area> 15 <number> nationally: one number.
        { "+54 9 11 2345-6789", "US", "+5491123456789" },
        { "011 15 2345-6789", "AR", "+5491123456789" },
        { "5491123456789", "AR", "+5491123456789" },
        // IN
        { "+91 98765 43210", "US", "+919876543210" },
        { "098765 43210", "IN", "+919876543210" },
        { "98765 43210", "IN", "+919876543210" },
        { "919876543210", "IN", "+919876543210" },
        // AU
        { "0412 345 678", "AU", "+61412345678" },
        { "(02) 9876 5432", "AU", "+61298765432" },
        { "+61 412 345 678", "GB", "+61412345678" },
        { "0011 44 20 7946 0123", "AU", "+442079460123" },
        // RU (trunk 8, which can also begin a number: 8-800), JP (international prefix 010)
        { "8 (495) 123-45-67", "RU", "+74951234567" },
        { "8 800 123 45 67", "RU", "+78001234567" },
        { "+7 800 123 45 67", "US", "+78001234567" },
        { "090-1234-5678", "JP", "+819012345678" },
        { "010 1 415 555 1234", "JP", "+14155551234" },
        // Countries outside the region table are validated by E.164 length only.
        { "+353 1 234 5678", "US", "+35312345678" },
        { "+30 21 0123 4567", "US", "+302101234567" },
        { "+225 07 12 34 56 78", "FR", "+2250712345678" },
        // Full-width, NBSP, en dash, Arabic-Indic digits.
        { "＋４４ ２０ ７９４６ ０１２３", "US", "+442079460123" },
        { "０７９１１　１２３４５６", "GB", "+447911123456" },
        { "415\u00A0555\u00A01234", "US", "+14155551234" },
        { "+44\u00A020\u202F7946\u00A00123", "US", "+442079460123" },
        { "415\u2013555\u20131234", "US", "+14155551234" },
        { "\u0664\u0661\u0665 \u0665\u0665\u0665 \u0661\u0662\u0663\u0664", "US", "+14155551234" },
        // Unknown or empty default region: only international forms.
        { "447911123456", "ZZ", "+447911123456" },
        { "+14155551234", "", "+14155551234" },
        { "00 44 7911 123456", "", "+447911123456" },
        { "020 7946 0123", "gb", "+442079460123" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Normalizes_to_E164(string input, string region, string expected) =>
        Assert.Equal(expected, PhoneNumber.TryNormalize(input, region));

    [Theory]
    [InlineData(null, "US")]
    [InlineData("", "US")]
    [InlineData("   ", "GB")]
    [InlineData("abc", "US")]
    [InlineData("12", "US")]
    [InlineData("+", "US")]
    [InlineData("+1234", "US")]
    [InlineData("555-1234", "US")]                     // no area code
    [InlineData("+1 (055) 555-1234", "US")]            // NANP area codes start 2-9
    [InlineData("+1 415 555 1234 5678", "US")]         // too long for NANP
    [InlineData("12345678901234567", "US")]            // 17 digits
    [InlineData("+88212345678901234", "US")]           // 16 digits
    [InlineData("00000000", "US")]
    [InlineData("0000000000", "IT")]
    [InlineData("+44 0000 000000", "US")]              // all-zero national part
    [InlineData("+39 000000", "US")]
    [InlineData("hello 123", "US")]
    [InlineData("1-800-FLOWERS", "US")]                // vanity numbers are not accepted
    [InlineData("+999 123456", "US")]                  // unassigned country code
    [InlineData("+999 1234567890", "US")]
    [InlineData("+0 415 555 1234", "US")]
    [InlineData("+44 20 7946", "US")]                  // too short for GB
    [InlineData("020 7946 01234567", "GB")]            // too long for GB
    [InlineData("07911 123456 789", "GB")]
    [InlineData("+34 0912 345 678", "US")]             // Spain has no trunk 0
    [InlineData("+44 7911 123456 +1", "US")]           // stray '+'
    [InlineData("415*555*1234", "US")]
    [InlineData("x12", "US")]
    [InlineData("ext 12", "US")]
    [InlineData("12345", "ZZ")]
    [InlineData("020 7946 0123", "ZZ")]                // national form needs a supported region
    [InlineData("+55 11 8123-4567", "US")]             // a Brazilian mobile without its ninth digit
    [InlineData("0412 345 678", "GB")]                 // an Australian mobile, written nationally, is no British number
    [InlineData("+44 20 7946 012", "US")]              // London numbers have ten digits
    public void Rejects_what_cannot_be_a_phone_number(string? input, string region) =>
        Assert.Null(PhoneNumber.TryNormalize(input, region));

    [Theory]
    [MemberData(nameof(Valid))]
    public void Output_round_trips_in_any_region(string input, string region, string expected)
    {
        Assert.Equal(expected, PhoneNumber.TryNormalize(input, region));
        foreach (var other in new[] { "US", "CA", "GB", "DE", "FR", "ES", "IT", "MX", "BR", "IN", "AU", "RU", "JP", "ZZ", "" })
            Assert.Equal(expected, PhoneNumber.TryNormalize(expected, other));
        Assert.True(PhoneNumber.IsValidE164(expected));
    }

    [Fact]
    public void Sms_whatsapp_and_agent_forms_are_one_customer()
    {
        var forms = new[] { "+14155551234", "14155551234", "(415) 555-1234", "1.415.555.1234", "+1 415-555-1234 ext 7" };
        Assert.All(forms, f => Assert.Equal("+14155551234", PhoneNumber.TryNormalize(f, "US")));
    }

    [Theory]
    [InlineData("+442079460123", true)]
    [InlineData("+390612345678", true)]
    [InlineData("+525512345678", true)]
    [InlineData("+5215512345678", false)]              // Mexico's old mobile 1: not canonical any more
    [InlineData("442079460123", false)]                // no '+'
    [InlineData("+44 20 7946 0123", false)]            // formatted
    [InlineData("+4402079460123", false)]              // trunk 0 left in: not canonical
    [InlineData("+999123456789", false)]
    [InlineData("+1234", false)]
    [InlineData("", false)]
    public void IsValidE164_accepts_only_canonical_numbers(string value, bool expected) =>
        Assert.Equal(expected, PhoneNumber.IsValidE164(value));

    [Theory]
    [InlineData("+442079460123", "+44 20 7946 0123")]
    [InlineData("+14155551234", "+1 415-555-1234")]
    [InlineData("+5491123456789", "+54 9 11 2345-6789")]
    [InlineData("+33612345678", "+33 6 12 34 56 78")]
    [InlineData("not a number", "not a number")]       // shown as stored rather than hidden
    public void Displays_as_people_read_it(string value, string expected) => Assert.Equal(expected, PhoneNumber.Display(value));

    [Theory]
    [InlineData("(604) 555-0199", "CA", "US")]          // NANP shares +1: Vancouver is Canada's, not the United States'
    [InlineData("020 7946 0123", "GB", "IE")]
    public void A_number_belongs_to_one_region_and_not_another(string input, string region, string other)
    {
        var e164 = PhoneNumber.TryNormalize(input, region)!;
        Assert.True(PhoneNumber.IsIn(e164, region));
        Assert.False(PhoneNumber.IsIn(e164, other));
    }
}
