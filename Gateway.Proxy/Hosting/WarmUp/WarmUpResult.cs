namespace Gateway.Proxy.Hosting.WarmUp;

/// <summary>What a warm-up did: how long, how many requests and failures, how many methods the JIT compiled meanwhile, and whether it settled before its deadline.</summary>
internal sealed record WarmUpResult(TimeSpan Elapsed, int Requests, int Failed, long MethodsCompiled, bool Settled, string? FirstFailure);
