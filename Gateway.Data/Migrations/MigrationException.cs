namespace Gateway.Data.Migrations;

/// <summary>The migrations cannot be applied as they are: a malformed file, a duplicate version, or an applied script whose text changed.</summary>
internal sealed class MigrationException : Exception
{
    public MigrationException()
    {
    }

    public MigrationException(string message)
        : base(message)
    {
    }

    public MigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
