"""Static SVG charts, made at build time (no JavaScript, nothing from a CDN).

Time runs left to right in both languages, as in Arabic newspapers' own
charts; labels are in the page's language and the SVG says dir="ltr" so an
RTL page does not mirror the axis text.
"""

from __future__ import annotations

from .safe import html_text

WIDTH, HEIGHT = 640, 180
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 36, 12, 14, 40


def _months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline(counts: list[tuple[str, int]], title: str, month_names: list[str], unit: str) -> str:
    """Articles per month as bars, every month in the range shown (gaps as zero).
    counts: (YYYY-MM, n), any order. Returns an inline <svg> element."""
    if not counts:
        return ""
    data = dict(counts)
    months = _months_between(min(data), max(data))
    peak = max(data.values())
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    bar_w = plot_w / len(months)
    parts = [
        f'<svg class="digest-chart" role="img" aria-label="{html_text(title)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" dir="ltr" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{html_text(title)}</title>",
        f'<line x1="{PAD_LEFT}" y1="{PAD_TOP + plot_h}" x2="{WIDTH - PAD_RIGHT}" y2="{PAD_TOP + plot_h}" class="axis"/>',
        f'<text x="{PAD_LEFT - 6}" y="{PAD_TOP + 4}" text-anchor="end" class="tick">{peak}</text>',
        f'<text x="{PAD_LEFT - 6}" y="{PAD_TOP + plot_h}" text-anchor="end" class="tick">0</text>',
    ]
    label_every = max(1, len(months) // 8)
    for i, key in enumerate(months):
        n = data.get(key, 0)
        h = plot_h * n / peak if peak else 0
        x = PAD_LEFT + i * bar_w
        name = f"{month_names[int(key[5:7]) - 1]} {key[:4]}"
        if n:
            parts.append(
                f'<rect x="{x + bar_w * 0.15:.1f}" y="{PAD_TOP + plot_h - h:.1f}" width="{bar_w * 0.7:.1f}" '
                f'height="{h:.1f}" class="bar"><title>{html_text(name)}: {n} {html_text(unit)}</title></rect>'
            )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" text-anchor="middle" class="tick">'
                f"{html_text(month_names[int(key[5:7]) - 1])}</text>"
                f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - PAD_BOTTOM + 30}" text-anchor="middle" class="tick">{key[:4]}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
