import datetime

from modellstadt.progress.charts import bar_chart, line_chart, nice_ticks, radar_chart


def test_nice_ticks_are_round_and_cover_the_range():
    ticks = nice_ticks(0, 937)
    assert ticks[0] == 0 and ticks[-1] >= 937
    assert all(t % 100 == 0 or t % 250 == 0 for t in ticks)


def test_line_chart_is_accessible_and_escapes_text():
    svg = line_chart(title="Ladepunkte <öffentlich>", description="Werte & Ziele",
                     values=[(datetime.date(2020, 1, 1), 10), (datetime.date(2021, 1, 1), 20)],
                     targets=[(datetime.date(2025, 1, 1), 100)], baseline=(datetime.date(2019, 1, 1), 5), unit="Stück")
    assert svg.startswith("<svg") and 'role="img"' in svg and "aria-labelledby" in svg
    assert "<title" in svg and "Ladepunkte &lt;öffentlich&gt;" in svg and "Werte &amp; Ziele" in svg
    assert 'stroke-dasharray="6 4"' in svg  # the target path
    assert "2025" in svg and "Stück" in svg


def test_radar_and_bar_charts_draw_one_shape_per_series():
    svg = radar_chart(title="Bewertung", description="d", axes=["A", "B", "C", "D", "E"],
                      series=[("2024", [10, 20, 30, 40, 50]), ("2025", [60, 70, 80, 90, None])])
    assert svg.count('fill-opacity="0.12"') == 2
    bars = bar_chart(title="Projekte", description="d", categories=["Pilot", "Betrieb"], rows=[("01/2024", [3, 4])])
    assert bars.count("<rect") == 4 and ">7<" in bars  # two bars, two legend swatches, total 7
