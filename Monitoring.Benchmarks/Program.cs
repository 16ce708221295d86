using Monitoring.Benchmarks;

// Benchmarks report figures; they never assert.
//   dotnet run -c Release --project Monitoring.Benchmarks -- [--rows N]          import
//   dotnet run -c Release --project Monitoring.Benchmarks -- peers [--areas N]  peer groups
long Option(string name, long fallback) => args.SkipWhile(a => a != name).Skip(1).Select(long.Parse).DefaultIfEmpty(fallback).First();

return args.Contains("peers")
    ? PeerGroupBenchmark.Run((int)Option("--areas", 10_000))
    : await ImportBenchmark.RunAsync(Option("--rows", 1_000_000));
