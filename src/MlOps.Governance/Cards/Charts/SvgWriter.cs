using System.Globalization;
using System.Text;

namespace MlOps.Governance.Cards.Charts;

/// <summary>
/// A tiny append-only SVG builder: invariant numbers with at most two decimals (so the same figures give
/// the same bytes), every text XML-escaped. Charts are inline SVG so the card needs no script, no font and
/// no network.
/// </summary>
internal sealed class SvgWriter
{
    private readonly StringBuilder _svg = new();

    public SvgWriter(double width, double height, string label, string cssClass)
    {
        _svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"").Append(Escape(cssClass))
            .Append("\" role=\"img\" viewBox=\"0 0 ").Append(N(width)).Append(' ').Append(N(height))
            .Append("\" width=\"").Append(N(width)).Append("\" height=\"").Append(N(height))
            .Append("\" aria-label=\"").Append(Escape(label)).Append("\">")
            .Append("<title>").Append(Escape(label)).Append("</title>");
    }

    public SvgWriter Rect(double x, double y, double width, double height, string fill, string? tooltip = null, string? cssClass = null)
    {
        _svg.Append("<rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" width=\"").Append(N(Math.Max(0, width)))
            .Append("\" height=\"").Append(N(Math.Max(0, height))).Append("\" fill=\"").Append(fill).Append('"');
        if (cssClass is not null)
        {
            _svg.Append(" class=\"").Append(Escape(cssClass)).Append('"');
        }
        if (tooltip is null)
        {
            _svg.Append("/>");
        }
        else
        {
            _svg.Append("><title>").Append(Escape(tooltip)).Append("</title></rect>");
        }
        return this;
    }

    /// <summary>A longer description for screen readers (SVG &lt;desc&gt;), right after the title.</summary>
    public SvgWriter Description(string text)
    {
        _svg.Append("<desc>").Append(Escape(text)).Append("</desc>");
        return this;
    }

    /// <summary>An open line through <paramref name="points"/>.</summary>
    public SvgWriter Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width = 1.5, bool dashed = false)
    {
        _svg.Append("<polyline fill=\"none\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(N(width)).Append('"');
        if (dashed)
        {
            _svg.Append(" stroke-dasharray=\"4 3\"");
        }
        _svg.Append(" points=\"").AppendJoin(' ', points.Select(p => N(p.X) + "," + N(p.Y))).Append("\"/>");
        return this;
    }

    /// <summary>A dot with a tooltip.</summary>
    public SvgWriter Circle(double x, double y, double radius, string fill, string tooltip)
    {
        _svg.Append("<circle cx=\"").Append(N(x)).Append("\" cy=\"").Append(N(y)).Append("\" r=\"").Append(N(radius))
            .Append("\" fill=\"").Append(fill).Append("\"><title>").Append(Escape(tooltip)).Append("</title></circle>");
        return this;
    }

    public SvgWriter Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, bool dashed = false)
    {
        _svg.Append("<line x1=\"").Append(N(x1)).Append("\" y1=\"").Append(N(y1)).Append("\" x2=\"").Append(N(x2))
            .Append("\" y2=\"").Append(N(y2)).Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(N(width)).Append('"');
        if (dashed)
        {
            _svg.Append(" stroke-dasharray=\"4 3\"");
        }
        _svg.Append("/>");
        return this;
    }

    public SvgWriter Text(double x, double y, string text, string anchor = "start", double size = 11, string fill = "#222",
        bool bold = false, double rotate = 0)
    {
        _svg.Append("<text x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" font-size=\"").Append(N(size))
            .Append("\" text-anchor=\"").Append(anchor).Append("\" fill=\"").Append(fill).Append('"');
        if (bold)
        {
            _svg.Append(" font-weight=\"bold\"");
        }
        if (rotate != 0)
        {
            _svg.Append(" transform=\"rotate(").Append(N(rotate)).Append(' ').Append(N(x)).Append(' ').Append(N(y)).Append(")\"");
        }
        _svg.Append('>').Append(Escape(text)).Append("</text>");
        return this;
    }

    public override string ToString() => _svg.ToString() + "</svg>";

    /// <summary>An SVG number: invariant, at most two decimals, no "-0".</summary>
    public static string N(double value)
    {
        var rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        if (rounded == 0)
        {
            rounded = 0;
        }
        return rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>Escapes text for XML content and attribute values.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default:
                    // Control characters are not allowed in XML 1.0; they never belong in a label.
                    sb.Append(char.IsControl(c) ? ' ' : c);
                    break;
            }
        }
        return sb.ToString();
    }
}
