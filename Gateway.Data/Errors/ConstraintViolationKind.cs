namespace Gateway.Data.Errors;

/// <summary>Which kind of database rule a write broke; the admin API maps these to 409, 404/422 and 400.</summary>
public enum ConstraintViolationKind
{
    Unique,
    ForeignKey,
    Check,
    NotNull,
}
