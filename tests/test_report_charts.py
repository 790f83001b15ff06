from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from docparse.report_charts import OTHER, hbar_chart, stacked_columns, tick_step

SVG = "{http://www.w3.org/2000/svg}"


def test_tick_step_is_round_and_enough():
    assert [tick_step(v) for v in (0.25, 1, 1.2, 5.25, 7, 9, 26, 1234)] == [1, 1, 2, 6, 8, 10, 30, 2000]


def test_hbar_chart_scales_bars_and_escapes_labels():
    svg = hbar_chart("Issuers <top>", [("SỞ Y TẾ & <b>", 4, "hover <x>"), ("CHÍNH PHỦ", 2, "h")], width=580)
    root = ET.fromstring(svg)  # well-formed XML: everything escaped
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == 2 * widths[1] and widths[0] == 580 - 250 - 64  # the largest fills the plot
    assert "SỞ Y TẾ &amp; &lt;b&gt;" in svg and "<title>hover &lt;x&gt;</title>" in svg
    assert [t.text for t in root.iter(f"{SVG}text")][1::2] == ["4", "2"]


def test_hbar_chart_shares_and_long_labels():
    svg = hbar_chart("Missing", [("a" * 60, 0.25, "x")], percent=True)
    assert ">25.0%<" in svg and "a" * 33 + "…" in svg
    assert hbar_chart("Nothing", []) == '<p class="empty">Nothing: no data.</p>'


def test_stacked_columns_stack_series_per_bucket():
    counts = {("2021", "Báo cáo"): 3, ("2021", OTHER): 1, ("2023", "Báo cáo"): 2}
    html = stacked_columns("Per year", ["2021", "2022", "2023"], ["Báo cáo", OTHER], counts)
    svg, legend = html.split("</svg>")
    root = ET.fromstring(svg + "</svg>")
    rects = [(r.find(f"{SVG}title").text, float(r.get("height"))) for r in root.iter(f"{SVG}rect")]
    assert [t for t, _ in rects] == ["2021 · Báo cáo: 3", "2021 · other: 1", "2023 · Báo cáo: 2"]
    assert rects[0][1] == 3 * rects[1][1]
    assert [t.text for t in root.iter(f"{SVG}text")][:5] == ["0", "1", "2", "3", "4"]  # axis 0..4 for a total of 4
    assert re.findall(r"</span>([^<]+)</li>", legend) == ["Báo cáo", "other"]
