using BenchmarkDotNet.Running;

namespace AlbEmulator.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release -- --filter *Desync*</c> (any BenchmarkDotNet arguments), or <c>-- --allocations</c> for the per-part allocation breakdown.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["--allocations"])
        {
            DataPath.AllocationBreakdown.Print();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
