using Gateway.Transforms.Errors;

namespace Gateway.Tests.Transforms;

/// <summary>How a request parser or writer refuses bad input: a 400 whose <c>param</c> names the field, in OpenAI's error shape.</summary>
internal static class RefusalAssert
{
    /// <summary>Asserts that <paramref name="error"/> is a 400 naming <paramref name="param"/>.</summary>
    public static void IsBadRequestNaming(GatewayError? error, string? param)
    {
        Assert.That(error, Is.Not.Null, "a refusal was expected");
        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(error.Param, Is.EqualTo(param));
    }
}
