namespace Crm.ServiceModel;

/// <summary>Marks a request DTO with the response it returns, so a typed client can call it.</summary>
public interface IReturn<TResponse>;
