namespace Crm.ServiceModel;

/// <summary>Marks a request DTO with the response it returns, so a typed client can call it.</summary>
public interface IReturn<TResponse>;

/// <summary>Marks a request DTO that returns no body.</summary>
public interface IReturnVoid;
