namespace Gateway.Data.Records;

public enum QuotaSubjectKind
{
    Key,
    Environment,
    Team,
    Org,
}
