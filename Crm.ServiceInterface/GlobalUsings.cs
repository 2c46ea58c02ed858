global using System.Data.Common;
global using Crm.ServiceModel;
global using Dapper;
