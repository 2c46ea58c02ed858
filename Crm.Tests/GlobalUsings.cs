global using System.Net;
global using Crm.ServiceModel;
global using Crm.Tests.Infrastructure;
global using System.Data.Common;
global using Dapper;
