using Crm.ServiceInterface.Customers;

namespace Crm.Web.Apis;

public static class CustomersApi
{
    private static readonly string[] Staff = [Roles.Agent, Roles.BackOffice, Roles.Supervisor, Roles.Admin];

    public static RouteGroupBuilder MapCustomersApi(this RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Customers").RequireAuthorization(p => p.RequireRole(Staff));
        customers.MapGet("", Search).WithSummary("Searches name, email, handle and phone digits; paged, newest first.");
        customers.MapGet("/lookup", Lookup).WithSummary("The customer with this identity on any channel, or 404.");
        customers.MapGet("/{id:long}", Get).WithSummary("One customer with identities and custom fields.");
        customers.MapGet("/{id:long}/conversations", ContactHistory)
            .WithSummary("The contact history: every earlier conversation and case, across channels, newest first.");
        customers.MapGet("/{id:long}/history", History).WithSummary("Every change to the record: who, what, when.");
        customers.MapPost("", Create).WithSummary("Creates a customer; 409 when an identity belongs to someone else.");
        customers.MapPut("/{id:long}", Update).WithSummary("Replaces name, notes, custom fields and identities.");
        customers.MapPost("/{id:long}/merge", Merge).WithSummary("Moves the other customer's identities, conversations and cases here; the other is gone.");

        var fields = api.MapGroup("/custom-fields").WithTags("Customers");
        fields.MapGet("", ListFields).RequireAuthorization(p => p.RequireRole(Staff)).WithSummary("The custom fields of the customer record.");
        var adminFields = fields.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        adminFields.MapPost("", CreateField).WithSummary("Adds a custom field (text, number, date, url, picklist).");
        adminFields.MapPut("/{id:long}", UpdateField).WithSummary("Changes a custom field's label, type or options.");
        adminFields.MapDelete("/{id:long}", DeleteField).WithSummary("Removes a custom field.");
        return api;
    }

    private static async Task<Ok<Paged<CustomerDto>>> Search(CustomersServices customers, string? q, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await customers.SearchAsync(q, page ?? 1, pageSize ?? 25, ct));

    private static async Task<Results<Ok<CustomerDto>, ProblemHttpResult>> Lookup(CustomersServices customers, string channel, string address,
        CancellationToken ct) =>
        await customers.LookupAsync(channel, address, ct) is { } customer
            ? TypedResults.Ok(customer)
            : TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"Nobody is known by {channel} {address}.");

    private static async Task<Ok<CustomerDto>> Get(long id, CustomersServices customers, CancellationToken ct) =>
        TypedResults.Ok(await customers.GetAsync(id, ct));

    private static async Task<Ok<IReadOnlyList<ContactHistoryEntry>>> ContactHistory(long id, CustomersServices customers, int? page, int? pageSize,
        CancellationToken ct) =>
        TypedResults.Ok(await customers.ContactHistoryAsync(id, page ?? 1, pageSize ?? 50, ct));

    private static async Task<Ok<IReadOnlyList<AuditEntry>>> History(long id, CustomersServices customers, CancellationToken ct) =>
        TypedResults.Ok(await customers.HistoryAsync(id, ct));

    private static async Task<Created<CustomerDto>> Create(CreateCustomer request, CustomersServices customers, HttpContext http)
    {
        var customer = await customers.CreateAsync(request, http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/customers/{customer.Id}", customer);
    }

    private static async Task<Ok<CustomerDto>> Update(long id, UpdateCustomer request, CustomersServices customers, HttpContext http) =>
        TypedResults.Ok(await customers.UpdateAsync(id, request, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<CustomerDto>> Merge(long id, MergeCustomers request, CustomersServices customers, HttpContext http) =>
        TypedResults.Ok(await customers.MergeAsync(id, request.OtherId, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<IReadOnlyList<CustomFieldDefinition>>> ListFields(CustomFieldsServices fields, CancellationToken ct) =>
        TypedResults.Ok(await fields.ListAsync(ct: ct));

    private static async Task<Created<CustomFieldDefinition>> CreateField(SaveCustomField request, CustomFieldsServices fields, HttpContext http)
    {
        var field = await fields.CreateAsync(request, http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/custom-fields/{field.Id}", field);
    }

    private static async Task<Ok<CustomFieldDefinition>> UpdateField(long id, SaveCustomField request, CustomFieldsServices fields, HttpContext http) =>
        TypedResults.Ok(await fields.UpdateAsync(id, request, http.User.UserId(), http.RequestAborted));

    private static async Task<NoContent> DeleteField(long id, CustomFieldsServices fields, HttpContext http)
    {
        await fields.DeleteAsync(id, http.User.UserId(), http.RequestAborted);
        return TypedResults.NoContent();
    }
}
