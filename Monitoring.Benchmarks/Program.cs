using Monitoring.Benchmarks;

// Benchmarks report figures; they never assert.
//   dotnet run -c Release --project Monitoring.Benchmarks -- [--rows N]          import
//   dotnet run -c Release --project Monitoring.Benchmarks -- peers [--areas N]  peer groups
//   dotnet run -c Release --project Monitoring.Benchmarks -- recompute [--areas N]  indicators: full and incremental
//   dotnet run -c Release --project Monitoring.Benchmarks -- pages [--clients 32] [--seconds 10]  page and chart latency
long Option(string name, long fallback) => args.SkipWhile(a => a != name).Skip(1).Select(long.Parse).DefaultIfEmpty(fallback).First();

if (args.Contains("peers")) return PeerGroupBenchmark.Run((int)Option("--areas", 10_000));
if (args.Contains("pages")) return await PageBenchmark.RunAsync((int)Option("--clients", 32), (int)Option("--seconds", 10));
if (args.Contains("recompute")) return await RecomputeBenchmark.RunAsync((int)Option("--areas", 10_000));
return await ImportBenchmark.RunAsync(Option("--rows", 1_000_000));
