using System.Collections.Concurrent;
using Gateway.Data.Keys;
using Gateway.Policies.Keys;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Proxy.Auth;

/// <summary>
/// Database keys, looked up by hash and cached: a found key for a while, an unknown one briefly (so a flood of
/// bad keys costs one indexed lookup per key per period). Revocation removes a key at once (the database
/// NOTIFYs every replica), and so does any change to its bindings or its environment's <c>store_bodies</c>; a
/// reconnect of the listener clears everything, since notices may have been missed. A key without a binding is
/// treated as unknown.
/// </summary>
internal sealed class DatabaseKeyStore : IDisposable
{
    private static readonly object Unknown = new();

    private readonly ApiKeyRepository _keys;
    private readonly IOptionsMonitor<KeyCacheOptions> _options;
    private readonly TimeProvider _time;
    private readonly MemoryCache _cache;
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastUsed = new();

    public DatabaseKeyStore(ApiKeyRepository keys, IOptionsMonitor<KeyCacheOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = keys;
        _options = options;
        _time = time;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.CurrentValue.MaxEntries });
    }

    public async ValueTask<GatewayKey?> FindAsync(KeyHash hash, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(hash, out var cached))
        {
            return Touch(cached as GatewayKey);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.WriteDigest(digest);
        var found = await _keys.FindByHashAsync(digest.ToArray(), cancellationToken).ConfigureAwait(false);
        var options = _options.CurrentValue;
        var now = _time.GetUtcNow();
        // A key without a binding has no scope: it is inactive, never a key of the global scope.
        if (found is null || !found.Key.IsActiveAt(now) || found.Bindings.Count == 0)
        {
            if (options.NegativeSeconds > 0)
            {
                _cache.Set(hash, Unknown, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.NegativeSeconds) });
            }
            return null;
        }

        var key = ToGatewayKey(found, hash);
        var expires = now.AddSeconds(options.PositiveSeconds);
        if (found.Key.ExpiresAt is { } keyExpires && keyExpires < expires)
        {
            expires = keyExpires;
        }
        _cache.Set(hash, key, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expires });
        return Touch(key);
    }

    /// <summary>A revoked, deleted or changed key, by its lower-case hex hash (as the database notifies it).</summary>
    public void Invalidate(string hashHex)
    {
        if (KeyHash.TryParseHex(hashHex, out var hash))
        {
            _cache.Remove(hash);
        }
    }

    public void Clear() => _cache.Clear();

    /// <summary>Takes the last-use times gathered since the last call.</summary>
    public IReadOnlyDictionary<Guid, DateTimeOffset> DrainLastUsed()
    {
        var drained = new Dictionary<Guid, DateTimeOffset>();
        foreach (var id in _lastUsed.Keys)
        {
            if (_lastUsed.TryRemove(id, out var at))
            {
                drained[id] = at;
            }
        }
        return drained;
    }

    public void Dispose() => _cache.Dispose();

    private GatewayKey? Touch(GatewayKey? key)
    {
        if (key is not null && Guid.TryParse(key.Id, out var id))
        {
            _lastUsed[id] = _time.GetUtcNow();
        }
        return key;
    }

    /// <summary>
    /// The most specific binding (<see cref="ScopeKind"/> orders from the widest) decides scope, models and limits;
    /// any admin binding makes an admin key.
    /// </summary>
    private static GatewayKey ToGatewayKey(ApiKeyWithBindings found, KeyHash hash)
    {
        var chosen = found.Bindings[0];
        var isAdmin = false;
        foreach (var binding in found.Bindings)
        {
            isAdmin |= binding.IsAdmin;
            if (binding.Scope.Kind > chosen.Scope.Kind)
            {
                chosen = binding;
            }
        }
        return new GatewayKey
        {
            Id = found.Key.Id.ToString(),
            Hash = hash,
            AllowedModels = new HashSet<string>(chosen.AllowedModels, StringComparer.Ordinal),
            Scope = new ScopeChain(chosen.OrgId, chosen.TeamId, chosen.EnvironmentId),
            IsAdmin = isAdmin,
            AllowDirectModels = chosen.AllowDirectModels,
            RequestsPerMinute = chosen.RpmLimit,
            TokensPerMinute = chosen.TpmLimit,
            MaxConcurrentRequests = chosen.MaxConcurrent,
            StoreBodies = chosen.StoreBodies,
            Region = found.Key.Region,
        };
    }
}
