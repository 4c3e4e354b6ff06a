using Gateway.Data.Errors;
using Gateway.Proxy.Admin.Audit;
using Npgsql;

namespace Gateway.Proxy.Admin.Http;

/// <summary>
/// Answers every admin failure in OpenAI's shape, never with a 500 for bad input: problems raised by validators and
/// access checks, constraint violations (409/404/400), values PostgreSQL refuses (400) and an unreachable database (503).
/// A refusal (403) is recorded in the audit log.
/// </summary>
internal sealed class AdminExceptionFilter(AdminAuditor audit, ILogger<AdminExceptionFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (AdminProblemException ex)
        {
            if (ex.Error.StatusCode == StatusCodes.Status403Forbidden && context.HttpContext.Features.Get<AdminCaller>() is { } caller)
            {
                await audit.RecordDeniedAsync(context.HttpContext, caller.Actor, caller.ClientIp, ex.Error).ConfigureAwait(false);
            }
            return new AdminErrorResult(ex.Error);
        }
        catch (DataConstraintException ex)
        {
            return new AdminErrorResult(ConstraintErrors.From(ex));
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Class 22 is "data exception": a NUL in text, a lone surrogate in JSON, a number out of range.
            // Validators refuse the ones they know of; this keeps any other from becoming a 500.
            AdminLog.ValueRefused(logger, ex.SqlState);
            return new AdminErrorResult(AdminErrors.Invalid(null, $"The database refused a value in the request (SQLSTATE {ex.SqlState}).", "unstorable_value"));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            AdminLog.DatabaseFailed(logger, ex.GetType().Name);
            return new AdminErrorResult(AdminErrors.DatabaseUnavailable);
        }
    }
}
