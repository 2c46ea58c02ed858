global using Crm.ServiceInterface;
global using Crm.ServiceModel;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Dapper;
