using System.Text.Json;
using System.Text.Json.Serialization;
using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>
/// Everything an alert engine knows, as plain data: rules, silences, the risk index with the ids it has counted, and
/// every open episode with what was already sent. A store writes it after each change and the engine is restored
/// from it after a restart, so a restart neither fires twice nor loses a resolve.
/// </summary>
public sealed record EngineSnapshot(
    IReadOnlyList<AlertRule> Rules,
    IReadOnlyList<ArticleRule> ArticleRules,
    IReadOnlyList<Silence> Silences,
    IndexSnapshot Index,
    IReadOnlyList<EpisodeSnapshot> Episodes,
    IReadOnlyList<ArticleEpisodeSnapshot> ArticleEpisodes)
{
    private static readonly JsonSerializerOptions Json = new(ContractJson.Options) { WriteIndented = false };

    /// <summary>The options a snapshot is written and read with.</summary>
    internal static JsonSerializerOptions JsonOptions => Json;

    /// <summary>The snapshot as JSON (the store's format).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a snapshot written by <see cref="ToJson"/>.</summary>
    public static EngineSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<EngineSnapshot>(json, Json) ?? throw new FormatException("empty engine snapshot");

    /// <summary>
    /// The snapshot as UTF-8 JSON in parts of at most <paramref name="partBytes"/>, written as it is serialised: a
    /// checkpoint of hundreds of thousands of articles is larger than one string or one database value may be.
    /// </summary>
    public IReadOnlyList<byte[]> ToParts(int partBytes = SpooledParts.DefaultPartBytes)
    {
        using var parts = new PartStream(partBytes);
        JsonSerializer.Serialize(parts, this, Json);
        return parts.Finish();
    }

    /// <summary>
    /// The snapshot as UTF-8 JSON in a temporary file, read back in parts of at most <paramref name="partBytes"/>
    /// (see <see cref="SpooledParts"/>). The snapshot is whole in memory meanwhile: a checkpoint of a running engine is
    /// written straight from the engine instead (<see cref="AlertEngine.SpoolCheckpoint"/>).
    /// </summary>
    public SpooledParts ToSpooledParts(int partBytes = SpooledParts.DefaultPartBytes) =>
        SpooledParts.Spool(file => JsonSerializer.Serialize(file, this, Json), partBytes);

    /// <summary>Reads a snapshot from the parts <see cref="ToParts"/> wrote, in order, without joining them.</summary>
    public static EngineSnapshot FromParts(IEnumerable<byte[]> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        using var stream = new JoinedStream(parts);
        return JsonSerializer.Deserialize<EngineSnapshot>(stream, Json) ?? throw new FormatException("empty engine snapshot");
    }

    /// <summary>A write-only stream that cuts what is written into byte arrays of a fixed size.</summary>
    private sealed class PartStream(int size) : Stream
    {
        private readonly List<byte[]> _parts = [];
        private byte[] _current = new byte[Math.Min(size, 65536)];
        private int _used;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public List<byte[]> Finish()
        {
            if (_used > 0)
            {
                _parts.Add(_current.AsSpan(0, _used).ToArray());
                _used = 0;
            }

            return _parts;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (buffer.Length > 0)
            {
                if (_used == _current.Length && _current.Length < size)
                {
                    Array.Resize(ref _current, Math.Min(size, _current.Length * 2));
                }

                var n = Math.Min(buffer.Length, _current.Length - _used);
                buffer[..n].CopyTo(_current.AsSpan(_used));
                _used += n;
                buffer = buffer[n..];
                if (_used == size)
                {
                    _parts.Add(_current);
                    _current = new byte[Math.Min(size, 65536)];
                    _used = 0;
                }
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>A read-only stream over byte arrays one after another.</summary>
    private sealed class JoinedStream(IEnumerable<byte[]> parts) : Stream
    {
        private readonly IEnumerator<byte[]> _next = parts.GetEnumerator();
        private byte[] _current = [];
        private int _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_read == _current.Length)
            {
                if (!_next.MoveNext())
                {
                    return 0;
                }

                _current = _next.Current;
                _read = 0;
            }

            var n = Math.Min(buffer.Length, _current.Length - _read);
            _current.AsSpan(_read, n).CopyTo(buffer);
            _read += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _next.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>The risk index as data.</summary>
/// <param name="Since">When the index first counted an article (absent in the previous release's snapshots).</param>
public sealed record IndexSnapshot(TimeSpan HalfLife, TimeSpan Memory, IReadOnlyList<ScopeSnapshot> Scopes, IReadOnlyList<SeenId> Articles, DateTimeOffset? Since = null);

/// <summary>One scope of the index: both sums, the ids counted, the contributions kept, and the hourly pressure samples.</summary>
/// <param name="Sum">The previous release's single signed sum; only read, to migrate (see <see cref="RiskIndex.Import"/>).</param>
public sealed record ScopeSnapshot(
    AlertScope Scope,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<SeenId> Stories,
    IReadOnlyList<ContributionSnapshot> Recent,
    double Pressure = 0,
    double Effort = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Sum = null,
    DateTimeOffset? FirstSeen = null,
    DateTimeOffset? HourlyFrom = null,
    IReadOnlyList<double>? Hourly = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ContributionSnapshot>? Evidence = null);

/// <summary>An id counted at a time (articles, stories); a value, so a checkpoint of millions costs no object each.</summary>
public readonly record struct SeenId(string Id, DateTimeOffset At);

/// <summary>
/// An article's contribution to a scope, kept for history, with its scored article while it is among those held for
/// evidence (<see cref="RiskIndex.EvidenceHeld"/>; releases before 2026-12-07 kept every article, and the one before
/// that one signed "points").
/// </summary>
public readonly record struct ContributionSnapshot(
    DateTimeOffset At, double Pressure = 0, double Effort = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ArticleScored? Article = null);

/// <summary>An open episode of an index rule about a scope.</summary>
public sealed record EpisodeSnapshot(string Rule, AlertScope Scope, AlertPhase Phase, DateTimeOffset Since, DateTimeOffset StartsAt, bool Sent, DateTimeOffset LastSent);

/// <summary>An open episode of an article rule.</summary>
public sealed record ArticleEpisodeSnapshot(string Rule, ArticleScored Article, IReadOnlyList<Signal> Matching, DateTimeOffset StartsAt, bool Sent);

/// <summary>
/// A serialised snapshot in a temporary file (deleted on dispose), read in parts of a fixed size: whole, one array a
/// part (<see cref="Read"/>), or piece by piece into a store's rows (<see cref="CopyParts"/>), so that writing a
/// checkpoint of hundreds of megabytes into a store holds none of its parts whole.
/// </summary>
public sealed class SpooledParts(string path, int partBytes) : IDisposable
{
    /// <summary>The size of a checkpoint's parts in a store: a checkpoint is larger than one string or one database value may be.</summary>
    public const int DefaultPartBytes = 16 * 1024 * 1024;

    /// <summary>The temporary file.</summary>
    internal string FilePath => path;

    /// <summary>The parts, in order, each read when it is reached.</summary>
    public IEnumerable<byte[]> Read()
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var remaining = file.Length;
        while (remaining > 0)
        {
            var part = new byte[(int)Math.Min(partBytes, remaining)];
            file.ReadExactly(part);
            remaining -= part.Length;
            yield return part;
        }
    }

    /// <summary>
    /// Hands the parts to <paramref name="copy"/> in order, each as its number (from 0), its length, and the file
    /// positioned at its start, of which <paramref name="copy"/> reads exactly that length.
    /// </summary>
    internal void CopyParts(Action<int, int, Stream> copy)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var remaining = file.Length;
        for (var part = 0; remaining > 0; part++)
        {
            var length = (int)Math.Min(partBytes, remaining);
            var start = file.Position;
            copy(part, length, file);
            if (file.Position != start + length)
            {
                throw new InvalidOperationException($"part {part} of a checkpoint was read {file.Position - start} bytes instead of {length}");
            }

            remaining -= length;
        }
    }

    /// <inheritdoc />
    public void Dispose() => File.Delete(path);

    /// <summary>Spools what <paramref name="write"/> writes into a new temporary file (deleted again if it fails).</summary>
    internal static SpooledParts Spool(Action<Stream> write, int partBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partBytes);
        var path = Path.Combine(Path.GetTempPath(), $"er-checkpoint-{Guid.NewGuid():N}.json");
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            write(file);
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return new SpooledParts(path, partBytes);
    }

    /// <summary>Spools the JSON <paramref name="write"/> writes element by element (see <see cref="SnapshotWriter"/>).</summary>
    internal static SpooledParts SpoolJson(Action<SnapshotWriter> write, int partBytes) => Spool(file =>
    {
        using var writer = new SnapshotWriter(file);
        write(writer);
        writer.Finish();
    }, partBytes);
}
