"""The one chart: articles per year, a line per publication (matplotlib, no display needed)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path


def plot_articles_per_year(series: list[tuple[str, str, int]], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only, no screen
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    by_site: dict[str, dict[int, int]] = defaultdict(dict)
    for year, site, n in series:
        if year and year.isdigit():
            by_site[site or "(no site)"][int(year)] = n
    years = sorted({y for counts in by_site.values() for y in counts})
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=110)
    for site, counts in sorted(by_site.items()):
        ax.plot(years, [counts.get(y, 0) for y in years], marker="o", label=site)
    ax.set_title("Articles per year, by publication")
    ax.set_xlabel("year")
    ax.set_ylabel("articles")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    if by_site:
        ax.legend()
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)
