using System.Reflection;
using Gateway.Policies.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Policies.Diagnostics;

/// <summary>Every log event id comes from the one table, and names one event across every project.</summary>
[TestFixture]
public sealed class GatewayEventIdsTests
{
    private static readonly string[] GatewayAssemblies = ["Gateway.Transforms", "Gateway.Policies", "Gateway.Data", "Gateway.Proxy"];

    [Test]
    public void No_two_log_messages_in_any_project_share_an_event_id()
    {
        var methods = LogMessages();
        Assert.That(methods, Has.Count.GreaterThan(20), "the generated log methods are found");

        var shared = methods.GroupBy(method => method.EventId)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(method => method.Name))}");
        Assert.That(shared, Is.Empty);
    }

    [Test]
    public void Every_log_message_takes_its_event_id_from_the_table()
    {
        var table = TableIds().Values.ToHashSet();

        var outside = LogMessages().Where(method => !table.Contains(method.EventId)).Select(method => $"{method.Name} ({method.EventId})");

        Assert.That(outside, Is.Empty, "add the id to Gateway.Policies/Diagnostics/GatewayEventIds.cs, in the area's range");
    }

    [Test]
    public void The_table_names_each_id_once()
    {
        var shared = TableIds().GroupBy(entry => entry.Value).Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(entry => entry.Key))}");

        Assert.That(shared, Is.Empty);
    }

    private static Dictionary<string, int> TableIds() =>
        typeof(GatewayEventIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(int))
            .ToDictionary(field => field.Name, field => (int)field.GetRawConstantValue()!);

    private static List<(string Name, int EventId)> LogMessages() =>
        GatewayAssemblies.Select(Assembly.Load)
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(pair => pair.Attribute is not null)
            .Select(pair => ($"{pair.Method.DeclaringType!.FullName}.{pair.Method.Name}", pair.Attribute!.EventId))
            .ToList();
}
