namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Base of end-to-end fixtures whose two fresh providers per test (<see cref="TwoProviderTest"/>'s) play a failover pair:
/// <see cref="Primary"/> answers nothing until the test says how, <see cref="Secondary"/> answers chat with the recorded answer.
/// </summary>
public abstract class PrimaryAndSecondaryTest : TwoProviderTest
{
    protected FakeProvider Primary => A;

    protected FakeProvider Secondary => B;

    [SetUp]
    public void SilencePrimary() => Primary.Reset();
}
