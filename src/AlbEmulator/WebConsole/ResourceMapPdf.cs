using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace AlbEmulator.WebConsole;

/// <summary>
/// Export of the resource map's current view as a PDF (PDFsharp, MIT): per load balancer its listeners,
/// rules, target groups and targets as a columned list, every resource named, with health and reason codes
/// (and, with resource details on, the health-check settings and what to check).
/// PDFsharp embeds a TrueType font; the emulator uses a sans-serif face of the system
/// (<see cref="SystemFontResolver"/>).
/// </summary>
public static class ResourceMapPdf
{
    private const double Margin = 36;

    public static byte[] Render(ResourceMapView map, string viewName, bool details)
    {
        SystemFontResolver.Install();
        using var document = new PdfDocument();
        document.Info.Title = $"AlbEmulator resource map - {viewName}";
        document.Info.Creator = "AlbEmulator";
        var writer = new PageWriter(document);
        writer.Line($"Resource map - {viewName}", writer.Title);
        writer.Line($"Generated {map.GeneratedAt}. Resource details: {(details ? "shown" : "hidden")}.", writer.Small);
        if (map.LoadBalancers.Count == 0 && map.UnattachedTargetGroups.Count == 0)
        {
            writer.Line(viewName == "Overview" ? "No load balancer." : "Nothing in this view.", writer.Body);
        }

        foreach (var lb in map.LoadBalancers)
        {
            writer.Gap();
            writer.Line($"Load balancer {lb.Name}", writer.Heading);
            writer.Line(lb.Arn, writer.Small);
            writer.Line(lb.DnsName, writer.Small);
            writer.Gap();
            writer.Line("Listeners and rules", writer.Heading2);
            foreach (var listener in lb.Listeners)
            {
                writer.Line($"{listener.Protocol}:{listener.Port}" + (listener.SslPolicy is { } policy ? $"  {policy}, certificates: {string.Join(", ", listener.Certificates)}, mTLS {listener.MutualTls}" : ""), writer.Bold, 10);
                foreach (var rule in listener.Rules)
                {
                    var when = rule.Conditions.Count > 0 ? string.Join(" and ", rule.Conditions) : rule.Priority == "default" ? "no other rule matched" : "always";
                    writer.Line($"rule {rule.Priority}: if {when} then {string.Join(", then ", rule.Actions)}", writer.Body, 24);
                    foreach (var transform in rule.Transforms)
                    {
                        writer.Line("transform " + transform, writer.Small, 36);
                    }
                }
            }

            writer.Gap();
            writer.Line("Target groups and targets", writer.Heading2);
            if (lb.TargetGroups.Count == 0)
            {
                writer.Line("No target group in this view.", writer.Body, 10);
            }

            WriteGroups(writer, lb.TargetGroups, details);
        }

        if (map.UnattachedTargetGroups.Count > 0)
        {
            writer.Gap();
            writer.Line("Target groups no load balancer forwards to", writer.Heading);
            WriteGroups(writer, map.UnattachedTargetGroups, details);
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static void WriteGroups(PageWriter writer, IReadOnlyList<TargetGroupView> groups, bool details)
    {
        foreach (var group in groups)
        {
            writer.Line($"{group.Name}  ({group.Protocol}{(group.ProtocolVersion is { } v ? " " + v : "")}, {group.TargetType}): {group.Healthy} healthy, {group.Unhealthy} unhealthy, {group.Other} other", writer.Bold, 10);
            if (details)
            {
                writer.Line($"algorithm {group.Algorithm}; stickiness {group.Stickiness}; health check {group.HealthCheck}", writer.Small, 24);
            }

            foreach (var target in group.Targets)
            {
                writer.Line($"{target.Id}:{target.Port}  {target.State}" + (target.Reason is { } reason ? $"  {reason}: {target.Description}" : ""), writer.Body, 24);
                if (details && target.Meaning is not null)
                {
                    writer.Line(target.Meaning, writer.Small, 36);
                    foreach (var check in target.Checks)
                    {
                        writer.Line("- " + check, writer.Small, 36);
                    }
                }
            }
        }
    }

    /// <summary>Lays text out top to bottom, wrapping long lines and starting new pages.</summary>
    private sealed class PageWriter
    {
        private readonly PdfDocument _document;
        private XGraphics? _graphics;
        private PdfPage? _page;
        private double _y;

        public PageWriter(PdfDocument document)
        {
            _document = document;
            var family = SystemFontResolver.FamilyName;
            Title = new XFont(family, 16, XFontStyleEx.Bold);
            Heading = new XFont(family, 13, XFontStyleEx.Bold);
            Heading2 = new XFont(family, 11, XFontStyleEx.Bold);
            Bold = new XFont(family, 9.5, XFontStyleEx.Bold);
            Body = new XFont(family, 9, XFontStyleEx.Regular);
            Small = new XFont(family, 8, XFontStyleEx.Regular);
            NewPage();
        }

        public XFont Title { get; }

        public XFont Heading { get; }

        public XFont Heading2 { get; }

        public XFont Bold { get; }

        public XFont Body { get; }

        public XFont Small { get; }

        public void Gap() => _y += 6;

        public void Line(string text, XFont font, double indent = 0)
        {
            var width = _page!.Width.Point - 2 * Margin - indent;
            foreach (var line in Wrap(text, font, width))
            {
                var height = font.GetHeight() + 2;
                if (_y + height > _page.Height.Point - Margin)
                {
                    NewPage();
                }

                _graphics!.DrawString(line, font, XBrushes.Black, new XPoint(Margin + indent, _y + font.GetHeight()));
                _y += height;
            }
        }

        private IEnumerable<string> Wrap(string text, XFont font, double width)
        {
            var words = text.Split(' ');
            var line = "";
            foreach (var word in words)
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && _graphics!.MeasureString(candidate, font).Width > width)
                {
                    yield return line;
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }

            yield return line;
        }

        private void NewPage()
        {
            _graphics?.Dispose();
            _page = _document.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _graphics = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }
    }
}

/// <summary>
/// Gives PDFsharp a sans-serif TrueType face from the system (DejaVu Sans, Liberation Sans, Noto Sans, ...):
/// PDFsharp's own lookup only knows Windows. Installed once, and only when no other resolver is set.
/// </summary>
internal sealed class SystemFontResolver : IFontResolver
{
    public const string FamilyName = "AlbEmulator Sans";

    private static readonly Lock Gate = new();
    private static readonly string[] Directories = ["/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "/System/Library/Fonts", @"C:\Windows\Fonts"];
    private static readonly (string Regular, string Bold)[] Faces =
    [
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
        ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
        ("FreeSans.ttf", "FreeSansBold.ttf"),
        ("arial.ttf", "arialbd.ttf"),
        ("Arial.ttf", "Arial Bold.ttf"),
    ];

    private readonly string _regular;
    private readonly string _bold;

    private SystemFontResolver(string regular, string bold)
    {
        _regular = regular;
        _bold = bold;
    }

    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is SystemFontResolver)
            {
                return;
            }

            var (regular, bold) = Find() ?? throw new InvalidOperationException(
                "PDF export needs a sans-serif TrueType font on this machine (DejaVu Sans, Liberation Sans, Noto Sans or FreeSans under /usr/share/fonts; on Debian: apt-get install fonts-dejavu-core). Use the browser's print instead.");
            GlobalFontSettings.FontResolver ??= new SystemFontResolver(regular, bold);
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "bold" : "regular", false, italic);

    public byte[]? GetFont(string faceName) => File.ReadAllBytes(faceName == "bold" ? _bold : _regular);

    private static (string, string)? Find()
    {
        var files = Directories.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.ttf", SearchOption.AllDirectories))
            .GroupBy(Path.GetFileName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key!, g => g.First(), StringComparer.Ordinal);
        foreach (var (regular, bold) in Faces)
        {
            if (files.TryGetValue(regular, out var regularPath))
            {
                return (regularPath, files.GetValueOrDefault(bold, regularPath));
            }
        }

        return null;
    }
}
