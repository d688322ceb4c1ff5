// Usage: MlOps.Runtime.AuditWriter <log-path> <count> [always|none|batched] [max-segment-bytes] [hold]
// Prints "ack <seq>" after each Append returns; stdout is flushed per line so the parent sees every ack.
// With "hold" it keeps the log open after "done" until its standard input closes (so a second writer can be tried).
// A refused open (MlOpsException) prints "refused <code>: <description>" on stderr and exits 3.
using System.Globalization;
using MlOps.Runtime.Auditing;

var path = args[0];
var count = int.Parse(args[1], CultureInfo.InvariantCulture);
var durability = (args.Length > 2 ? args[2] : "always") switch
{
    "none" => AuditDurability.None,
    "batched" => AuditDurability.Batched(TimeSpan.FromMilliseconds(50), 64),
    _ => AuditDurability.Always,
};
long? maxSegment = args.Length > 3 && args[3].Length > 0 ? long.Parse(args[3], CultureInfo.InvariantCulture) : null;
var hold = args.Length > 4 && args[4] == "hold";

AuditLog log;
try
{
    log = AuditLog.Open(path, new AuditLogOptions { Durability = durability, MaxSegmentBytes = maxSegment });
}
catch (MlOps.MlOpsException e)
{
    Console.Error.WriteLine($"refused {e.Code}: {e.Describe()}");
    return 3;
}
using var _ = log;
var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
stdout.WriteLine("ready");
var output = AuditJson.FromNumbers([0.25, 0.75]);
for (var i = 0; i < count; i++)
{
    var input = AuditJson.FromNumbers([i, i * 0.5]);
    var record = log.Append(new AuditEntry("crash-model", "1.0.0", new string('a', 64), input, output)
    {
        Caller = "writer",
        Latency = TimeSpan.FromMilliseconds(1),
    });
    stdout.WriteLine("ack " + record.Sequence.ToString(CultureInfo.InvariantCulture));
}
stdout.WriteLine("done");
if (hold)
{
    Console.In.ReadToEnd();
}
return 0;
