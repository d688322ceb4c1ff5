using System.Globalization;

namespace MlOps.Cli.Shell;

/// <summary>
/// Rows-read progress for long stages, on stderr only and only on a terminal (Terminal.ShowsProgress), so scripts and CI
/// logs stay clean and stdout carries only the result line.
/// </summary>
internal sealed class StageProgress : IProgress<long>, IDisposable
{
    private readonly string _stage;
    private readonly bool _enabled = Terminal.ShowsProgress;
    private bool _shown;

    public StageProgress(string stage) => _stage = stage;

    public void Report(long value)
    {
        if (_enabled)
        {
            Console.Error.Write($"\r{_stage}: {value.ToString("N0", CultureInfo.InvariantCulture)} rows");
            _shown = true;
        }
    }

    public void Done()
    {
        if (_shown)
        {
            Console.Error.WriteLine();
            _shown = false;
        }
    }

    public void Dispose() => Done();
}
