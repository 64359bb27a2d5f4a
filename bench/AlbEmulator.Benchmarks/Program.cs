using BenchmarkDotNet.Running;

namespace AlbEmulator.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release -- --filter *Desync*</c> (any BenchmarkDotNet arguments).</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
