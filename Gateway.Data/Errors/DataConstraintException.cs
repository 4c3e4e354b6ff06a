namespace Gateway.Data.Errors;

/// <summary>
/// A write broke a database constraint. The message names the table and constraint, never the row's values,
/// which could include hashes or other data the caller should not echo.
/// </summary>
public sealed class DataConstraintException : Exception
{
    public DataConstraintException()
    {
    }

    public DataConstraintException(string message)
        : base(message)
    {
    }

    public DataConstraintException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DataConstraintException(ConstraintViolationKind kind, string? table, string? constraint, Exception innerException)
        : base($"{Describe(kind)} on {table ?? "?"} ({constraint ?? "unnamed constraint"}).", innerException)
    {
        Kind = kind;
        Table = table;
        Constraint = constraint;
    }

    public ConstraintViolationKind Kind { get; }

    public string? Table { get; }

    public string? Constraint { get; }

    private static string Describe(ConstraintViolationKind kind) => kind switch
    {
        ConstraintViolationKind.Unique => "Duplicate value",
        ConstraintViolationKind.ForeignKey => "Missing or still referenced row",
        ConstraintViolationKind.Check => "Value out of range",
        _ => "Missing value",
    };
}
