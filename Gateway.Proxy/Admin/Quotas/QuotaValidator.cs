using System.Collections.Frozen;
using Gateway.Data.Records;
using Gateway.Proxy.Admin.Validation;

namespace Gateway.Proxy.Admin.Quotas;

/// <summary>A quota's fields: a known subject kind with an id, a metric, a window and a limit from 0 to 10^13.</summary>
internal static class QuotaValidator
{
    public const decimal MaxLimit = 10_000_000_000_000m;

    public static readonly FrozenDictionary<string, QuotaSubjectKind> SubjectKinds = new Dictionary<string, QuotaSubjectKind>(StringComparer.Ordinal)
    {
        ["key"] = QuotaSubjectKind.Key,
        ["environment"] = QuotaSubjectKind.Environment,
        ["team"] = QuotaSubjectKind.Team,
        ["org"] = QuotaSubjectKind.Org,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, QuotaMetric> Metrics = new Dictionary<string, QuotaMetric>(StringComparer.Ordinal)
    {
        ["requests"] = QuotaMetric.Requests,
        ["tokens"] = QuotaMetric.Tokens,
        ["cost"] = QuotaMetric.Cost,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, QuotaWindow> Windows = new Dictionary<string, QuotaWindow>(StringComparer.Ordinal)
    {
        ["minute"] = QuotaWindow.Minute,
        ["day"] = QuotaWindow.Day,
        ["month"] = QuotaWindow.Month,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static QuotaSpec Validate(QuotaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kind = Fields.OneOf(request.SubjectKind, "subject_kind", SubjectKinds);
        var subject = Fields.Required(request.SubjectId, "subject_id");
        var metric = Fields.OneOf(request.Metric, "metric", Metrics);
        var window = Fields.OneOf(request.Window, "window", Windows);
        return new QuotaSpec(kind, subject, metric, window, Limit(request.Limit));
    }

    public static decimal Limit(decimal? limit) => Fields.Decimal(limit, "limit", 0, MaxLimit);

    public static string Word(QuotaSubjectKind kind) => kind switch
    {
        QuotaSubjectKind.Key => "key",
        QuotaSubjectKind.Environment => "environment",
        QuotaSubjectKind.Team => "team",
        _ => "org",
    };
}
