using System.Text.Json.Nodes;
using Gateway.Proxy.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Errors;

/// <summary>
/// The outermost error middleware: bodiless framework errors get OpenAI's shape (as ASP.NET's status-code pages gave
/// them), answers that have a body or are not errors pass untouched, and thrown faults become mapped errors.
/// </summary>
[TestFixture]
public sealed class GatewayErrorMiddlewareTests
{
    [TestCase(405, "unknown_url")]
    [TestCase(404, "unknown_url")]
    [TestCase(415, "bad_request")]
    [TestCase(503, "gateway_error")]
    public async Task Gives_a_bodiless_error_status_openai_error_shape(int status, string code)
    {
        var context = await RunAsync(c =>
        {
            c.Response.StatusCode = status;
            return Task.CompletedTask;
        });

        Assert.That(context.Response.StatusCode, Is.EqualTo(status));
        Assert.That(context.Response.ContentType, Is.EqualTo("application/json"));
        var error = Body(context)["error"]!;
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo(code));
        Assert.That(error["message"]!.GetValue<string>(), Is.Not.Empty);
    }

    [Test]
    public async Task Leaves_an_error_that_has_its_own_body()
    {
        var context = await RunAsync(async c =>
        {
            c.Response.StatusCode = 429;
            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync("""{"error":{"message":"slow down"}}""");
        });

        Assert.That(Body(context)["error"]!["message"]!.GetValue<string>(), Is.EqualTo("slow down"));
    }

    [Test]
    public async Task Leaves_an_error_whose_length_is_announced()
    {
        var context = await RunAsync(c =>
        {
            c.Response.StatusCode = 404;
            c.Response.ContentLength = 0;
            return Task.CompletedTask;
        });

        Assert.That(((MemoryStream)context.Response.Body).Length, Is.Zero);
    }

    [TestCase(200)]
    [TestCase(204)]
    [TestCase(304)]
    public async Task Leaves_answers_that_are_not_errors(int status)
    {
        var context = await RunAsync(c =>
        {
            c.Response.StatusCode = status;
            return Task.CompletedTask;
        });

        Assert.That(context.Response.StatusCode, Is.EqualTo(status));
        Assert.That(((MemoryStream)context.Response.Body).Length, Is.Zero);
    }

    [Test]
    public async Task Answers_an_unexpected_fault_with_a_500_that_reveals_nothing()
    {
        var context = await RunAsync(_ => throw new InvalidOperationException("secret detail sk-live-123"));

        Assert.That(context.Response.StatusCode, Is.EqualTo(500));
        var text = Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        Assert.That(text, Does.Contain("internal_error"));
        Assert.That(text, Does.Not.Contain("secret"));
    }

    [Test]
    public async Task Answers_a_body_the_server_rejected_with_its_4xx()
    {
        var context = await RunAsync(_ => throw new BadHttpRequestException("Request body too large.", 413));

        Assert.That(context.Response.StatusCode, Is.EqualTo(413));
        Assert.That(Body(context)["error"]!["code"]!.GetValue<string>(), Is.EqualTo("bad_request"));
    }

    private static async Task<DefaultHttpContext> RunAsync(RequestDelegate next)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "PATCH";
        context.Request.Path = "/v1/chat/completions";
        context.Response.Body = new MemoryStream();
        await new GatewayErrorMiddleware(next, NullLogger<GatewayErrorMiddleware>.Instance).InvokeAsync(context);
        return context;
    }

    private static JsonNode Body(HttpContext context) =>
        JsonNode.Parse(((MemoryStream)context.Response.Body).ToArray())!;
}
