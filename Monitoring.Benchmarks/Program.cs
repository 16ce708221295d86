using Monitoring.Benchmarks;

// Benchmarks report figures; they never assert.
//   dotnet run -c Release --project Monitoring.Benchmarks -- germany [--scale 1] [--keep DIR]  everything at Germany scale, with references; writes docs/performance.md
//   dotnet run -c Release --project Monitoring.Benchmarks -- [--rows N]          import
//   dotnet run -c Release --project Monitoring.Benchmarks -- peers [--areas N]  peer groups
//   dotnet run -c Release --project Monitoring.Benchmarks -- recompute [--areas N]  indicators: full and incremental
//   dotnet run -c Release --project Monitoring.Benchmarks -- pages [--clients 32] [--seconds 10] [--database FILE --kreis KEY]  page and chart latency
//   dotnet run -c Release --project Monitoring.Benchmarks -- report [--runs 5] [--database FILE --kreis KEY]  committee reports: PDF and Word
//   dotnet run -c Release --project Monitoring.Benchmarks -- recompute --database FILE  a full recompute over a kept database
//     (large data: recompute --areas 10000 --keep DIR --first-only, then pages --database DIR/bench.db --kreis 01001)
long Option(string name, long fallback) => args.SkipWhile(a => a != name).Skip(1).Select(long.Parse).DefaultIfEmpty(fallback).First();

double Scale() => args.SkipWhile(a => a != "--scale").Skip(1).Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(1.0).First();
if (args.Contains("germany")) return await Monitoring.Benchmarks.Germany.GermanyBenchmark.RunAsync(Scale(), (int)Option("--clients", 32), (int)Option("--seconds", 10), args.SkipWhile(a => a != "--keep").Skip(1).FirstOrDefault());
if (args.Contains("peers")) return PeerGroupBenchmark.Run((int)Option("--areas", 10_000));
string? Text(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
if (args.Contains("pages")) return await PageBenchmark.RunAsync((int)Option("--clients", 32), (int)Option("--seconds", 10), Text("--database"), Text("--kreis") ?? "05754");
if (args.Contains("report")) return await ReportBenchmark.RunAsync((int)Option("--runs", 5), Text("--database"), Text("--kreis"));
if (args.Contains("recompute") && Text("--database") is string file) return await RecomputeBenchmark.RunOnAsync(file);
if (args.Contains("recompute")) return await RecomputeBenchmark.RunAsync((int)Option("--areas", 10_000), Text("--keep"), args.Contains("--first-only"));
return await ImportBenchmark.RunAsync(Option("--rows", 1_000_000));
