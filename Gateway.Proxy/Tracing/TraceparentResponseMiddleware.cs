using System.Diagnostics;

namespace Gateway.Proxy.Tracing;

/// <summary>
/// Every answer carries the request's W3C <c>traceparent</c> (the server span: the caller's trace continued, or a new
/// one), so a client can find its request in traces and in the JSON log's <c>trace_id</c>. Written as the response
/// starts, because failover clears the headers of a failed attempt.
/// </summary>
internal sealed class TraceparentResponseMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            context.Response.OnStarting(static state =>
            {
                var (context, activity) = ((HttpContext, Activity))state;
                context.Response.Headers["traceparent"] = activity.Id;
                return Task.CompletedTask;
            }, (context, activity));
        }
        return next(context);
    }
}
