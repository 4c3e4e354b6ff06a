using Gateway.Bench.Components;

// CPU time per operation of request-path components, old and new side by side (see bench/README.md):
//   taskset -c 1 dotnet bench/Components/bin/Release/net10.0/Gateway.Bench.Components.dll [case] >/tmp/out.log
// Results go to standard error; standard output takes what the cases log.
var only = args.Length > 0 ? args[0] : null;
var operations = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
CpuTime.Header();
if (only is null or "access-log")
{
    AccessLogCases.Run(operations);
}
if (only is null or "chat-request")
{
    ChatRequestCases.Run(operations * 5);
}
if (only is null or "stream-chunk")
{
    StreamChunkCases.Run(operations * 10);
}
if (only is null or "stream")
{
    StreamCases.Run(operations);
}
if (only is null or "exemplars")
{
    ExemplarCases.Run(operations * 10);
}
