using System.Data;

namespace Crm.ServiceInterface.Data;

/// <summary>
/// Flags are integers 0/1 in both databases (one schema for both); a C# bool is written as that integer, since PostgreSQL,
/// unlike SQLite, will not put a boolean into an integer column.
/// </summary>
public sealed class FlagHandler : SqlMapper.TypeHandler<bool>
{
    // Dapper's built-in map for bool wins over any handler; without it, every bool parameter comes here.
    public static void Register()
    {
        SqlMapper.RemoveTypeMap(typeof(bool));
        SqlMapper.RemoveTypeMap(typeof(bool?));
        SqlMapper.AddTypeHandler(new FlagHandler());
    }

    public override void SetValue(IDbDataParameter parameter, bool value)
    {
        parameter.DbType = DbType.Int64;
        parameter.Value = value ? 1L : 0L;
    }

    public override bool Parse(object value) => Convert.ToBoolean(value);
}
