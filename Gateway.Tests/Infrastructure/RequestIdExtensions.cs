using System.ClientModel.Primitives;

namespace Gateway.Tests.Infrastructure;

/// <summary>The gateway's id of a request, from the <c>x-request-id</c> header of its answer.</summary>
internal static class RequestIdExtensions
{
    public static string RequestId(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.GetValues("x-request-id").Single();
    }

    public static string RequestId(this PipelineResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValue("x-request-id", out var id) ? id! : throw new AssertionException("no x-request-id");
    }
}
