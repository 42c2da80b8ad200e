"""Issue 10, finding 6: a unit name holding markup is shown as text in the heat map.

Before: charts.js built the tooltip as an HTML string, so a unit named
`<img src=x onerror=alert(2)>` ran its script on hover. Now tooltips are DOM nodes
filled with textContent. Checked with the Content-Security-Policy in force and with the
browser told to ignore it: the chart code is safe on its own, the policy is a second wall.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_dashboards import DESKTOP, appraiser_create, log_in, score

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))

from scoring_world import province

pytestmark = pytest.mark.django_db(transaction=True)

PAYLOAD = "<img src=x onerror=alert(2)>"
# The page coordinates of the heat map's first scored cell in the row named `row`.
CELL = """(row) => {
  const el = document.querySelector(".chart[data-chart=heatmap]");
  const data = JSON.parse(document.getElementById(el.dataset.source).textContent);
  const y = data.rows.indexOf(row);
  const x = data.values.find((v) => v[1] === y && v[3] !== null)[0];
  const [px, py] = echarts.getInstanceByDom(el).convertToPixel({seriesIndex: 0}, [x, y]);
  const box = el.getBoundingClientRect();
  return [box.left + px, box.top + py];
}"""


@pytest.mark.parametrize("policy", ["enforced", "ignored"])
def test_a_unit_name_with_markup_is_plain_text_in_the_heat_map_tooltip(browser, live_server, policy) -> None:  # type: ignore[no-untyped-def]
    from tthc.organisation.models import Unit

    province()
    Unit.objects.filter(code="STP").update(name=PAYLOAD)
    score("2020-Q1", "2020-Q2")
    appraiser_create()
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url,
                                  bypass_csp=policy == "ignored")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # An <img> made from the name would fetch its src ("x") before its onerror could run.
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if request.url.endswith("/x") else None)
    log_in(page, "thamdinh-thu")
    page.goto("/tong-quan/2020-Q2/")
    page.wait_for_selector(".chart[data-chart=heatmap].chart-ready svg")
    label = f"{PAYLOAD} (STP)"
    heat = page.locator(".chart[data-chart=heatmap]")
    assert heat.locator("svg text", has_text=label).count() == 1  # the row's label, as text

    heat.scroll_into_view_if_needed()
    page.mouse.move(*page.evaluate(CELL, label))
    # ECharts puts the tooltip beside the drawing, in the chart's second child.
    tooltip = heat.locator(":scope > div:nth-child(2)")
    tooltip.wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    assert fetched == []
    assert dialogs == []
    assert heat.locator("img").count() == 0
    assert tooltip.locator(".chart-tip-title").inner_text() == label
    assert tooltip.inner_text().startswith(label + "\n")
    context.close()
