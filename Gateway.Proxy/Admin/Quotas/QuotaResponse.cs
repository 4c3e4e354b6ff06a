using Gateway.Data.Quotas;
using Gateway.Policies.Vocabulary;

namespace Gateway.Proxy.Admin.Quotas;

internal sealed record QuotaResponse(
    Guid Id, string SubjectKind, Guid SubjectId, string Metric, string Window, decimal Limit, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : ApiObject("quota")
{
    public static QuotaResponse From(QuotaRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, Words.QuotaSubjects.Word(record.SubjectKind), record.SubjectId, Words.QuotaMeasures.Word(record.Metric),
            Words.QuotaPeriods.Word(record.Window), record.Limit, record.CreatedAt, record.UpdatedAt);
    }
}
