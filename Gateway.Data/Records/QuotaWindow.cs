namespace Gateway.Data.Records;

public enum QuotaWindow
{
    Minute,
    Day,
    Month,
}
