using System.Diagnostics;
using MlOps.Catalog.Relational;
using MlOps.Catalog.Web.Hosting;
using MlOps.Catalog.Web.Tests.Support;
using MlOps.Runtime.Tests.Support;
using Xunit.Abstractions;

namespace MlOps.Catalog.Web.Tests;

/// <summary>
/// The speed figure: the model list page of a SQLite catalog with 10,000 versions of 1,000 models. It runs
/// with every test run and checks the page at that scale (every model listed, search narrows it); the timings go to
/// the test output (`--logger "console;verbosity=detailed"`) and are never asserted.
/// </summary>
public sealed class ListPageBenchmark(ITestOutputHelper output)
{
    [Fact]
    public async Task Model_list_page_of_10000_versions_of_1000_models()
    {
        using var folder = new TempFolder();
        using var store = CatalogStores.OpenSqlite(folder.File("catalog.db"));
        var fill = Stopwatch.StartNew();
        for (var m = 0; m < 1000; m++)
        {
            for (var v = 0; v < 10; v++)
            {
                store.Register(CatalogSamples.Version($"model-{m:D4}", $"1.{v}.0", m * 10 + v), []);
            }
        }
        output.WriteLine($"filled 10,000 versions in {fill.Elapsed.TotalSeconds:F1} s");
        using var host = CatalogWebHost.Start(store, new CatalogWebOptions { Urls = "http://127.0.0.1:0" });
        using var http = new HttpClient { BaseAddress = host.Address };
        var page = await http.GetStringAsync("/");
        Assert.Equal(1000, page.Split("<tr><th scope=\"row\">").Length - 1);
        var timings = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            var body = await http.GetByteArrayAsync("/");
            timings.Add(watch.Elapsed.TotalMilliseconds);
            Assert.NotEmpty(body);
        }
        timings.Sort();
        var search = await http.GetStringAsync("/?q=model-0042");
        Assert.Equal(1, search.Split("<tr><th scope=\"row\">").Length - 1);
        var list = Stopwatch.StartNew();
        var models = store.ListModels();
        var query = list.Elapsed.TotalMilliseconds;
        var render = Stopwatch.StartNew();
        var html = MlOps.Catalog.Web.Pages.ModelListPage.Render(models, null);
        output.WriteLine($"GET / (1,000 models, 10,000 versions, {html.Length / 1024} KiB): median {timings[10]:F1} ms, max {timings[^1]:F1} ms over 20 requests; " +
            $"ListModels {query:F1} ms, render {render.Elapsed.TotalMilliseconds:F1} ms");
    }
}
