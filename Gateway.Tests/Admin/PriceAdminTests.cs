namespace Gateway.Tests.Admin;

/// <summary>The price book: add with an effective date, list per provider and model, the price at a moment, delete.</summary>
[TestFixture]
public sealed class PriceAdminTests : AdminTest
{
    [Test]
    public async Task Adds_lists_and_deletes_prices_and_answers_the_price_at_a_moment()
    {
        var provider = Unique("priced");
        var old = await CreateAsync("/admin/v1/prices",
            $$"""{"provider_id":"{{provider}}","model":"m","input_per_mtok":3,"output_per_mtok":15,"cached_read_per_mtok":0.3,"effective_from":"2024-01-01T00:00:00Z"}""");
        Assert.That(old["object"]!.GetValue<string>(), Is.EqualTo("price"));
        Assert.That(old["input_per_mtok"]!.GetValue<decimal>(), Is.EqualTo(3m));
        Assert.That(old["cache_write_per_mtok"], Is.Null);
        var newer = await CreateAsync("/admin/v1/prices",
            $$"""{"provider_id":"{{provider}}","model":"m","input_per_mtok":2,"output_per_mtok":10,"effective_from":"2025-01-01T00:00:00Z"}""");
        await CreateAsync("/admin/v1/prices", $$"""{"provider_id":"{{provider}}","model":"other","input_per_mtok":1,"output_per_mtok":1}""");

        var list = await GetAsync($"/admin/v1/prices?provider_id={provider}&model=m");
        Assert.That(list.Body["data"]!.AsArray(), Has.Count.EqualTo(2), list.ToString());
        Assert.That((await GetAsync($"/admin/v1/prices?provider_id={provider}")).Body["data"]!.AsArray(), Has.Count.EqualTo(3));

        var at2024 = await GetAsync($"/admin/v1/prices/at?provider_id={provider}&model=m&at=2024-06-01T00:00:00Z");
        Assert.That(at2024.Body["id"]!.ToString(), Is.EqualTo(old["id"]!.ToString()), at2024.ToString());
        Assert.That((await GetAsync($"/admin/v1/prices/at?provider_id={provider}&model=m")).Body["id"]!.ToString(), Is.EqualTo(newer["id"]!.ToString()));
        AssertError(await GetAsync($"/admin/v1/prices/at?provider_id={provider}&model=m&at=2020-01-01T00:00:00Z"), HttpStatusCode.NotFound);
        AssertError(await GetAsync($"/admin/v1/prices/at?provider_id={provider}&model=m&at=yesterday"), HttpStatusCode.BadRequest, "at");
        AssertError(await GetAsync($"/admin/v1/prices/at?model=m"), HttpStatusCode.BadRequest, "provider_id");

        var id = old["id"]!.ToString();
        Assert.That((await GetAsync($"/admin/v1/prices/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await DeleteAsync($"/admin/v1/prices/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
        AssertError(await GetAsync($"/admin/v1/prices/{id}"), HttpStatusCode.NotFound);
        AssertError(await PostAsync("/admin/v1/prices",
            $$"""{"provider_id":"{{provider}}","model":"m","input_per_mtok":2,"output_per_mtok":10,"effective_from":"2025-01-01T00:00:00Z"}"""), HttpStatusCode.Conflict, "effective_from");
    }

    [Test]
    public async Task Stores_unit_prices_for_images_audio_and_speech()
    {
        var provider = Unique("units");
        var price = await CreateAsync("/admin/v1/prices",
            $$"""{"provider_id":"{{provider}}","model":"dall-e-3","input_per_mtok":0,"output_per_mtok":0,"per_image":{"1024x1024/hd":0.08,"default":0.04},"per_audio_second":0.0001,"per_million_speech_characters":15}""");

        Assert.That(price["per_image"]!["1024x1024/hd"]!.GetValue<decimal>(), Is.EqualTo(0.08m));
        Assert.That(price["per_image"]!["default"]!.GetValue<decimal>(), Is.EqualTo(0.04m));
        Assert.That(price["per_audio_second"]!.GetValue<decimal>(), Is.EqualTo(0.0001m));
        Assert.That(price["per_million_speech_characters"]!.GetValue<decimal>(), Is.EqualTo(15m));
        var stored = await GetAsync($"/admin/v1/prices/{price["id"]}");
        Assert.That(stored.Body["per_image"]!["1024x1024/hd"]!.GetValue<decimal>(), Is.EqualTo(0.08m));
    }

    [TestCase("""{"provider_id":"p","model":"m","input_per_mtok":1,"output_per_mtok":1,"per_image":{"huge":1}}""", "per_image")]
    [TestCase("""{"provider_id":"p","model":"m","input_per_mtok":1,"output_per_mtok":1,"per_image":{"512x512":-1}}""", "per_image")]
    [TestCase("""{"provider_id":"p","model":"m","input_per_mtok":1,"output_per_mtok":1,"per_audio_second":-0.1}""", "per_audio_second")]
    [TestCase("""{"provider_id":"p","model":"m","input_per_mtok":1,"output_per_mtok":1,"per_million_speech_characters":-1}""", "per_million_speech_characters")]
    [TestCase("""{"model":"m","input_per_mtok":1,"output_per_mtok":1}""", "provider_id")]
    [TestCase("""{"provider_id":"p","model":"m","output_per_mtok":1}""", "input_per_mtok")]
    [TestCase("""{"provider_id":"p","model":"m","input_per_mtok":-1,"output_per_mtok":1}""", "input_per_mtok")]
    [TestCase("""{"provider_id":"p","model":"m","input_per_mtok":1,"output_per_mtok":1e30}""", "output_per_mtok")]
    [TestCase("""{"provider_id":"p","model":"m","input_per_mtok":1,"output_per_mtok":1,"effective_from":"soon"}""", "effective_from")]
    public async Task Names_the_field_of_an_invalid_price(string body, string param) =>
        AssertError(await PostAsync("/admin/v1/prices", body), HttpStatusCode.BadRequest, param);
}
