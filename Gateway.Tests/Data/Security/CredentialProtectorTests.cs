using System.Security.Cryptography;
using Gateway.Data.Security;

namespace Gateway.Tests.Data.Security;

[TestFixture]
public sealed class CredentialProtectorTests
{
    [Test]
    public void Encrypts_with_a_fresh_nonce_and_decrypts_back()
    {
        var protector = new CredentialProtector(MasterKeyRing.Parse(TestMasterKeys.Entry("k1")));

        var first = protector.Protect("openai", "sk-secret");
        var second = protector.Protect("openai", "sk-secret");

        Assert.That((first.KeyId, first.Nonce.Length, first.Tag.Length), Is.EqualTo(("k1", 12, 16)));
        Assert.That(first.Nonce.ToArray(), Is.Not.EqualTo(second.Nonce.ToArray()));
        Assert.That(first.Ciphertext.ToArray(), Is.Not.EqualTo(second.Ciphertext.ToArray()));
        Assert.That(protector.Unprotect("openai", first), Is.EqualTo("sk-secret"));
    }

    [Test]
    public void A_ciphertext_moved_to_another_provider_does_not_decrypt()
    {
        var protector = new CredentialProtector(MasterKeyRing.Parse(TestMasterKeys.Entry("k1")));
        var credential = protector.Protect("openai", "sk-secret");

        Assert.Throws<AuthenticationTagMismatchException>(() => protector.Unprotect("anthropic", credential));
    }

    [Test]
    public void The_first_key_encrypts_and_every_listed_key_decrypts()
    {
        var oldEntry = TestMasterKeys.Entry("old");
        var before = new CredentialProtector(MasterKeyRing.Parse(oldEntry));
        var underOld = before.Protect("p", "value");

        var after = new CredentialProtector(MasterKeyRing.Parse($"{TestMasterKeys.Entry("new")}, {oldEntry}"));

        Assert.That(after.CurrentKeyId, Is.EqualTo("new"));
        Assert.That(after.Unprotect("p", underOld), Is.EqualTo("value"));
        Assert.That(after.Protect("p", "value").KeyId, Is.EqualTo("new"));
        var retired = new CredentialProtector(MasterKeyRing.Parse(TestMasterKeys.Entry("new")));
        var error = Assert.Throws<CryptographicException>(() => retired.Unprotect("p", underOld));
        Assert.That(error!.Message, Does.Contain("'old'"));
    }

    [Test]
    public void Writing_without_a_master_key_is_a_clear_error()
    {
        var protector = new CredentialProtector(MasterKeyRing.Parse(null));

        var error = Assert.Throws<InvalidOperationException>(() => protector.Protect("openai", "sk"));

        Assert.That(protector.CanProtect, Is.False);
        Assert.That(error!.Message, Does.Contain("GATEWAY_MASTER_KEYS"));
    }

    [Test]
    public void Malformed_master_keys_are_rejected_without_echoing_key_material()
    {
        const string shortKey = "c2hvcnQ=";
        var tooShort = Assert.Throws<FormatException>(() => MasterKeyRing.Parse($"k1:{shortKey}"));
        Assert.That(tooShort!.Message, Does.Contain("k1").And.Not.Contain(shortKey));
        Assert.Throws<FormatException>(() => MasterKeyRing.Parse("no-colon"));
        Assert.Throws<FormatException>(() => MasterKeyRing.Parse($"bad id:{Convert.ToBase64String(new byte[32])}"));
        var duplicate = TestMasterKeys.Entry("dup");
        Assert.Throws<FormatException>(() => MasterKeyRing.Parse($"{duplicate},{duplicate}"));
    }
}
