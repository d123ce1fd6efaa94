using Microsoft.AspNetCore.Builder;

namespace EscalationRisk.ServiceDefaults;

/// <summary>How every service creates its host builder.</summary>
public static class ServiceHost
{
    /// <summary>The host setting that makes the configuration files reload when they change.</summary>
    public const string ReloadConfigOnChange = "hostBuilder:reloadConfigOnChange";

    /// <summary>
    /// <see cref="WebApplication.CreateBuilder(string[])"/> without reloading <c>appsettings*.json</c> on change. Reloading
    /// watches the whole content root, and the SQLite store lives under it by default (<c>data/alerts.db</c>): every
    /// write of the store's journal woke the watcher (8.7% of the alert worker's CPU at full speed). Nothing in the
    /// services reads configuration again after start. <c>--hostBuilder:reloadConfigOnChange=true</c> turns it back on.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return WebApplication.CreateBuilder([$"--{ReloadConfigOnChange}=false", .. args]);
    }
}
