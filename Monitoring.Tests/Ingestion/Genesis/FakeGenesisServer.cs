using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monitoring.Tests.Ingestion.Genesis;

/// <summary>
/// A GENESIS 2020 REST interface on loopback that answers as the real one does (CSV, ZIP, JSON status objects with
/// codes 98/99/104), scripted per test. Records what it was sent.
/// </summary>
public sealed class FakeGenesisServer : IAsyncDisposable
{
    public sealed record Call(string Path, IReadOnlyDictionary<string, string> Form, string? Username, string? Password, string Query);

    readonly WebApplication app;
    readonly ConcurrentQueue<Func<HttpContext, Task>> answers = new();

    FakeGenesisServer(WebApplication app) => this.app = app;

    public ConcurrentQueue<Call> Calls { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeGenesisServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeGenesisServer(builder.Build());
        server.app.MapPost("/genesisWS/rest/2020/{**path}", server.HandleAsync);
        await server.app.StartAsync();
        server.BaseUrl = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/genesisWS/rest/2020/";
        return server;
    }

    /// <summary>The next answers, in order; the last one repeats.</summary>
    public FakeGenesisServer Then(Func<HttpContext, Task> answer)
    {
        answers.Enqueue(answer);
        return this;
    }

    public static Func<HttpContext, Task> Csv(string text) => context =>
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        return context.Response.WriteAsync(text);
    };

    public static Func<HttpContext, Task> Bytes(string contentType, byte[] body) => context =>
    {
        context.Response.ContentType = contentType;
        return context.Response.Body.WriteAsync(body).AsTask();
    };

    public static Func<HttpContext, Task> Status(int code, string content) => context =>
        // GENESIS writes PascalCase names, unlike ASP.NET's web defaults.
        context.Response.WriteAsJsonAsync(new { Ident = new { Service = "data", Method = "tablefile" }, Status = new { Code = code, Content = content, Type = "Information" } },
            new System.Text.Json.JsonSerializerOptions());

    public static Func<HttpContext, Task> Http(int status) => context =>
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    };

    public static Func<HttpContext, Task> Redirect(string location) => context =>
    {
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    };

    public static Func<HttpContext, Task> Slow(TimeSpan delay, Func<HttpContext, Task> then) => async context =>
    {
        await Task.Delay(delay, context.RequestAborted);
        await then(context);
    };

    async Task HandleAsync(HttpContext context, string path)
    {
        var form = await context.Request.ReadFormAsync();
        Calls.Enqueue(new Call(path, form.ToDictionary(f => f.Key, f => f.Value.ToString()),
            context.Request.Headers["username"].FirstOrDefault(), context.Request.Headers["password"].FirstOrDefault(), context.Request.QueryString.Value ?? ""));
        var answer = answers.Count > 1 && answers.TryDequeue(out var next) ? next : answers.TryPeek(out var last) ? last : Http(500);
        await answer(context);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
