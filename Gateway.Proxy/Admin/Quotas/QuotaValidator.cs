using Gateway.Data.Quotas;
using Gateway.Policies.Vocabulary;
using Gateway.Proxy.Admin.Validation;

namespace Gateway.Proxy.Admin.Quotas;

/// <summary>A quota's fields: a known subject kind with an id, a metric, a window and a limit from 0 to 10^13.</summary>
internal static class QuotaValidator
{
    public const decimal MaxLimit = 10_000_000_000_000m;

    public static QuotaSpec Validate(QuotaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kind = Fields.OneOf(request.SubjectKind, "subject_kind", Words.QuotaSubjects.ByWord);
        var subject = Fields.Required(request.SubjectId, "subject_id");
        var metric = Fields.OneOf(request.Metric, "metric", Words.QuotaMeasures.ByWord);
        var window = Fields.OneOf(request.Window, "window", Words.QuotaPeriods.ByWord);
        return new QuotaSpec(kind, subject, metric, window, Limit(request.Limit));
    }

    public static decimal Limit(decimal? limit) => Fields.Decimal(limit, "limit", 0, MaxLimit);
}
