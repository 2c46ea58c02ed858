namespace Crm.ServiceInterface.Seed;

/// <summary>The fixed parts of the demo contact center: what an admin would have configured.</summary>
internal static class SeedCatalog
{
    public static readonly string[] Skills = ["English", "Spanish", "Sales", "Technical", "Billing"];

    public static readonly (string Name, string[] Skills, bool CodesMandatory)[] Queues =
    [
        ("Sales", ["Sales"], false),
        ("Support", ["Technical"], false),
        ("Billing", ["Billing"], true),
    ];

    /// <summary>agent1..agent6 all answer Support; some also Sales or Billing. Reject is granted to agent1..agent4 only.</summary>
    public static readonly (string UserName, string[] Queues, string[] Skills, int Capacity, bool CanReject)[] Agents =
    [
        ("agent1", ["Support", "Sales"], ["English", "Technical", "Sales"], 3, true),
        ("agent2", ["Support", "Sales"], ["English", "Spanish", "Technical", "Sales"], 2, true),
        ("agent3", ["Support", "Billing"], ["English", "Technical", "Billing"], 2, true),
        ("agent4", ["Support", "Billing"], ["Spanish", "Technical", "Billing"], 1, true),
        ("agent5", ["Support", "Sales", "Billing"], ["English", "Technical", "Sales", "Billing"], 1, false),
        ("agent6", ["Support"], ["English", "Spanish", "Technical"], 1, false),
    ];

    public static readonly string[] WrapUpReasons =
    [
        "Question answered", "Order placed", "Refund issued", "Technical issue resolved", "Escalated to second line",
        "Complaint logged", "Information sent", "Follow-up scheduled", "Customer unreachable", "Not a customer / spam",
    ];

    public static readonly (string Code, string Name)[] TransactionCodes =
    [
        ("SALE-NEW", "New sale"), ("SALE-UPG", "Upgrade"), ("BILL-REF", "Refund"), ("BILL-ADJ", "Billing adjustment"),
        ("SUP-L1", "First-line fix"), ("SUP-L2", "Second-line escalation"), ("INFO", "Information only"), ("CMPL", "Complaint"),
    ];

    public static readonly (string Queue, string Question, string Answer)[] Faq =
    [
        ("Support", "How do I reset my password?",
            "You can reset your password at any time from the sign-in page: choose \"Forgot password\", enter your email, and follow the link we send you. " +
            "The link is valid for 30 minutes."),
        ("Support", "What are your opening hours?", "Our team answers chats Monday to Friday from 8:00 to 20:00 and Saturday from 9:00 to 14:00 (local time)."),
        ("Support", "My device does not turn on",
            "Please hold the power button for 15 seconds, then connect the charger for at least 30 minutes before trying again."),
        ("Support", "How do I update the app?",
            "Open your app store, search for our app and tap Update. Automatic updates can be switched on in the store's settings."),
        ("Sales", "Do you offer discounts for annual plans?", "Yes: paying annually saves two months compared with monthly billing."),
        ("Sales", "Can I upgrade my plan later?", "Of course. Upgrades take effect immediately and you only pay the difference for the rest of the period."),
        ("Sales", "Do you ship internationally?", "We ship to 40 countries. Delivery takes 3 to 7 working days; duties are shown at checkout."),
        ("Billing", "When will I receive my refund?", "Refunds reach your account within 5 to 10 working days after we confirm them, depending on your bank."),
        ("Billing", "How do I change my payment method?",
            "Go to Account > Billing > Payment methods, add the new card and mark it as default. For your security, never share card numbers in this chat."),
        ("Billing", "Why was I charged twice?",
            "A second charge is usually a temporary authorisation that disappears within 3 working days. If it stays, we will refund it."),
    ];

    public static readonly (string Key, string Label, string Type, string[] Options)[] CustomFields =
    [
        ("account_number", "Account number", "text", []),
        ("tier", "Tier", "picklist", ["Bronze", "Silver", "Gold", "Platinum"]),
        ("customer_since", "Customer since", "date", []),
        ("lifetime_value", "Lifetime value", "number", []),
        ("website", "Website", "url", []),
    ];

    /// <summary>
    /// What a past chat was about: the case subject, the customer's opening, the agent's answer, the queue it came through,
    /// and the wrap-up reasons and transaction codes that fit it (one of each is picked).
    /// </summary>
    public static readonly SeedExchange[] Exchanges =
    [
        new("Password reset", "Hi, I can't sign in to my account.", "I'm sorry to hear that. I've sent you a password reset link; it is valid for 30 minutes.",
            "Support", ["Question answered", "Technical issue resolved"], ["SUP-L1", "INFO"]),
        new("Order status", "Where is my order? It was due yesterday.", "I checked with the carrier: your parcel is out for delivery and arrives today.",
            "Support", ["Question answered", "Information sent"], ["INFO"]),
        new("Double charge", "I was charged twice this month.", "I can see the duplicate authorisation; it will be released within 3 working days.",
            "Billing", ["Question answered", "Follow-up scheduled"], ["BILL-ADJ"]),
        new("Upgrade plan", "Can I move to the annual plan?", "Done! Your plan is now annual and the saving shows on your next invoice.",
            "Sales", ["Order placed"], ["SALE-UPG"]),
        new("App crashes on start", "The app closes as soon as I open it.", "Please update to the latest version; the crash was fixed yesterday.",
            "Support", ["Technical issue resolved"], ["SUP-L1"]),
        new("Invoice copy", "I'd like a copy of my last invoice.", "I've emailed the invoice to the address on your account.",
            "Billing", ["Information sent"], ["INFO"]),
        new("Refund request", "The jacket doesn't fit, can I get my money back?",
            "Of course: I've issued the refund, you'll see it within 5 to 10 working days.",
            "Billing", ["Refund issued"], ["BILL-REF"]),
        new("Delivery delayed", "My delivery was supposed to come on Monday.", "The courier had a backlog; your parcel is rescheduled for tomorrow morning.",
            "Support", ["Information sent", "Follow-up scheduled"], ["INFO"]),
    ];
}

/// <summary>One kind of past chat in the demo data, with the queue and wrap-up that fit it.</summary>
internal sealed record SeedExchange(string Subject, string Customer, string Agent, string Queue, string[] Reasons, string[] Codes);
