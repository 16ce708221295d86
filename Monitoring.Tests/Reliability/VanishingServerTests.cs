using System.Data.Common;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Core.Areas;
using Monitoring.Ingestion.Imports;
using Monitoring.Tests.Core.Storage;
using Monitoring.Tests.Ingestion.Genesis;

namespace Monitoring.Tests.Reliability;

/// <summary>The database server vanishing from the network in the middle of an import, and coming back.</summary>
public sealed class VanishingServerTests
{
    [Fact]
    public async Task The_cut_drops_open_connections_refuses_new_ones_and_restore_lets_them_in_again()
    {
        // The forwarder itself, against an echo server: what the SQL Server test below relies on, proven here.
        var echo = new TcpListener(IPAddress.Loopback, 0);
        echo.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                TcpClient client;
                try { client = await echo.AcceptTcpClientAsync(); } catch (SocketException) { return; } catch (ObjectDisposedException) { return; }
                _ = client.GetStream().CopyToAsync(client.GetStream()).ContinueWith(_ => client.Close(), TaskScheduler.Default);
            }
        });
        await using var cut = new TcpCut("127.0.0.1", ((IPEndPoint)echo.LocalEndpoint).Port);

        async Task<string> RoundTripAsync(TcpClient client)
        {
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("ping"));
            var buffer = new byte[4];
            var read = 0;
            while (read < 4)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read));
                if (n == 0) throw new IOException("closed");
                read += n;
            }
            return Encoding.ASCII.GetString(buffer);
        }

        using var first = new TcpClient();
        await first.ConnectAsync(IPAddress.Loopback, cut.Port);
        Assert.Equal("ping", await RoundTripAsync(first));

        cut.Cut();
        await Assert.ThrowsAnyAsync<Exception>(() => RoundTripAsync(first));
        using (var refused = new TcpClient())
        {
            await Assert.ThrowsAnyAsync<SocketException>(() => refused.ConnectAsync(IPAddress.Loopback, cut.Port));
        }

        cut.Restore();
        using var again = new TcpClient();
        await again.ConnectAsync(IPAddress.Loopback, cut.Port);
        Assert.Equal("ping", await RoundTripAsync(again));
        echo.Stop();
    }

    /// <summary>Runs only with a SQL Server (MONITORING_TEST_SQLSERVER); the importer talks to it through <see cref="TcpCut"/>.</summary>
    [Fact]
    public async Task Sql_server_vanishing_mid_import_fails_the_run_loses_nothing_and_the_import_succeeds_when_it_is_back()
    {
        await using var test = await SqlServerTestDatabase.CreateAsync();
        var direct = test.Database;
        await direct.MigrateAsync();
        await ReferenceAreas.LoadDistrictAsync(direct);
        await using var directConnection = (SqlConnection)await direct.OpenAsync();
        var server = new SqlConnectionStringBuilder(directConnection.ConnectionString);
        var (host, port) = Endpoint(server.DataSource);
        await using var cut = new TcpCut(host, port);
        var proxied = TestDatabases.Create(("Database:Provider", "SqlServer"),
            ("ConnectionStrings:Monitoring", new SqlConnectionStringBuilder(server.ConnectionString) { DataSource = $"127.0.0.1,{cut.Port}", ConnectTimeout = 5, Pooling = false }.ConnectionString));

        var directory = TestPaths.TempDirectory();
        var source = await direct.CreateSourceAsync(new DataSource { Name = "Last", Kind = SourceKind.GenesisFlatFile });
        var small = Path.Combine(directory, "bevoelkerung_flat.csv");
        await File.WriteAllTextAsync(small, GenesisSamples.GermanWide);
        Assert.Equal(ImportStatus.Succeeded, (await new Importer(proxied, NullLogger<Importer>.Instance).ImportFileAsync(source, small)).Status);
        var before = await directConnection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM observations");

        var (bulk, rows) = await BulkFile.WriteAsync(directory, years: 200, groups: 100);
        var import = Task.Run(() => new Importer(proxied, NullLogger<Importer>.Instance).ImportFileAsync(source, bulk));
        // Cut once the run is under way (its log entry says Running).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await directConnection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM import_runs WHERE status = 'Running'") == 0 && DateTime.UtcNow < deadline && !import.IsCompleted)
        {
            await Task.Delay(20);
        }
        await Task.Delay(300);
        cut.Cut();
        string message;
        try
        {
            var report = await import;
            Assert.Equal(ImportStatus.Failed, report.Status);
            message = report.Error ?? "";
        }
        catch (DbException e)
        {
            message = e.Message;
        }
        Assert.False(string.IsNullOrWhiteSpace(message));

        Assert.Equal(before, await directConnection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM observations"));
        cut.Restore();
        SqlConnection.ClearAllPools();
        var again = await new Importer(proxied, NullLogger<Importer>.Instance).ImportFileAsync(source, bulk);
        Assert.Equal(ImportStatus.Succeeded, again.Status);
        Assert.Equal(before + rows, await directConnection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM observations"));
    }

    /// <summary>The host and port of a SQL Server data source ("tcp:host,port", "host", "host\instance" is not supported here).</summary>
    static (string Host, int Port) Endpoint(string dataSource)
    {
        var text = dataSource.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase) ? dataSource[4..] : dataSource;
        Assert.SkipWhen(text.Contains('\\', StringComparison.Ordinal), "a named instance: give the server as host,port");
        var parts = text.Split(',');
        var host = parts[0] is "." or "(local)" or "localhost" ? "127.0.0.1" : parts[0];
        return (host, parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 1433);
    }
}
