using Gateway.Proxy.DatabaseSync;

namespace Gateway.Proxy.Hosting;

/// <summary>
/// <c>--reencrypt-credentials</c>: instead of serving, re-encrypt every stored provider credential under the first key of
/// <c>GATEWAY_MASTER_KEYS</c>, print the counts and exit. Takes the gateway's own arguments and environment (config file,
/// connection string, master keys). Exit code 0 when every credential is under the newest key (older keys may then be
/// retired), 1 when some could not be re-encrypted or the database could not be used, 2 when the gateway is not set up
/// for it (no database, an invalid config).
/// </summary>
internal static class CredentialReencryptionCommand
{
    public const string Flag = "--reencrypt-credentials";

    public static bool IsRequested(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Contains(Flag, StringComparer.Ordinal);
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        // The gateway's start-up lines would bury the report; warnings still show.
        string[] gatewayArgs = [.. args.Where(arg => arg != Flag), "--Logging:LogLevel:Default", "Warning"];
        WebApplication app;
        try
        {
            app = GatewayApplication.Build(gatewayArgs);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or IOException)
        {
            await output.WriteLineAsync($"Cannot re-encrypt credentials: the gateway cannot start with this configuration: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        await using (app.ConfigureAwait(false))
        {
            if (app.Services.GetService<CredentialReencryptor>() is not { } reencryptor)
            {
                await output.WriteLineAsync("Cannot re-encrypt credentials: no database is configured (ConnectionStrings__Gateway).").ConfigureAwait(false);
                return 2;
            }
            try
            {
                var result = await reencryptor.RunAsync(CancellationToken.None).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Master key {result.MasterKeyId}: {result.Reencrypted} re-encrypted, {result.AlreadyCurrent} already under it, {result.ChangedMeanwhile} changed meanwhile, {result.Failed.Count} failed.")).ConfigureAwait(false);
                foreach (var failure in result.Failed)
                {
                    await output.WriteLineAsync($"Failed: provider {failure.ProviderId} (master key {failure.KeyId}): {failure.Reason}").ConfigureAwait(false);
                }
                if (result.ChangedMeanwhile > 0)
                {
                    await output.WriteLineAsync("Some credentials changed while this ran: run it again.").ConfigureAwait(false);
                }
                return result.Failed.Count == 0 && result.ChangedMeanwhile == 0 ? 0 : 1;
            }
            catch (InvalidOperationException ex)
            {
                await output.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return 1;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                await output.WriteLineAsync($"Cannot re-encrypt credentials: the database could not be used ({ex.GetType().Name}: {ex.Message}).").ConfigureAwait(false);
                return 1;
            }
        }
    }
}
