using Monitoring.Benchmarks;

// Benchmarks report figures; they never assert. Usage: dotnet run -c Release --project Monitoring.Benchmarks -- [import] [--rows N]
var rows = args.SkipWhile(a => a != "--rows").Skip(1).Select(long.Parse).DefaultIfEmpty(1_000_000).First();
return await ImportBenchmark.RunAsync(rows);
