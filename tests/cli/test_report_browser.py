"""The run report as an analyst's browser shows it (issue 20): headless Chromium (Debian's
package; .ci/run installs it) opens the report of a real two-month run, the test reads the
rendered counts and checks that every chart drew marks. The screenshot is kept in
``$WDH_TEST_ARTIFACTS`` (default ``var/test-artifacts/`` of the checkout)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from support.etl import upgrade
from work_data_hub.cli.app import main
from work_data_hub.core.domains.registry import domain_names

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "data"

# Added to a copy of the report only: the report itself holds no script. It writes what
# the browser rendered (each chart's marks with a size, each count cell's text) into the
# page, which --dump-dom returns.
PROBE = """<script>
const charts = [...document.querySelectorAll('svg.chart')].map(svg => {
  const marks = [...svg.querySelectorAll('.mark')];
  const drawn = marks.filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; });
  return {id: svg.id, marks: marks.length, drawn: drawn.length,
          widest: Math.max(0, ...drawn.map(m => m.getBBox().width)),
          shown: svg.getBoundingClientRect().width};
});
const cells = [...document.querySelectorAll('td[data-field]')].map(td =>
  ({key: td.dataset.key, field: td.dataset.field, text: td.innerText.trim()}));
const out = document.createElement('pre');
out.id = 'probe';
out.textContent = JSON.stringify({charts, cells, status: document.getElementById('run-status').innerText});
document.body.appendChild(out);
</script>"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def browser(*args: str) -> subprocess.CompletedProcess[str]:
    binary = chromium()
    assert binary is not None
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"]
    return subprocess.run([binary, *flags, *args], capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow  # a real Chromium: about 11 s
@pytest.mark.parametrize("backend", ["sqlite"])
def test_chromium_renders_the_report_of_a_two_month_run(
    tmp_path: Path, warehouse_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if chromium() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed; .ci/run installs it", pytrace=False)
        pytest.skip("chromium is not installed (apt-get install chromium)")
    monkeypatch.setenv("WDH_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("WDH_CONFIG_DIR", str(REPO / "config"))
    upgrade(warehouse_url)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(
            ["etl", "--all-domains", "--period", "202411..202412", "--data-root", str(EXAMPLES),
             "--database-url", warehouse_url, "--execute", "--json"]
        )  # fmt: skip
    assert code == 0, out.getvalue()
    run = json.loads(out.getvalue())
    report = tmp_path / "var" / "reports" / f"{run['run_id']}.html"
    assert report.is_file()

    probed = tmp_path / "probed.html"
    probed.write_text(report.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dumped = browser("--virtual-time-budget=5000", "--dump-dom", probed.as_uri())
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    start = dumped.stdout.index('<pre id="probe">') + len('<pre id="probe">')
    seen = json.loads(dumped.stdout[start : dumped.stdout.index("</pre>", start)].replace("&quot;", '"'))

    assert seen["status"] == "ok"
    cells = {(c["key"], c["field"]): c["text"] for c in seen["cells"]}
    for month in run["periods"]:
        for d in month["domains"]:
            key = f"{d['domain']}-{month['period']}"
            for field in ("rows_read", "rows_blank", "rows_rejected", "rows_inserted"):
                assert cells[(key, field)] == str(d[field]), (key, field)
    charts = {c["id"]: c for c in seen["charts"]}
    assert set(charts) == {
        "chart-rows",
        "chart-rejected",
        "chart-annuity_performance-业务类型",
        "chart-annuity_performance-机构名称",
    }
    for chart in charts.values():
        assert chart["shown"] > 100, chart
        assert chart["drawn"] >= 1 and chart["widest"] > 1, chart
    assert charts["chart-rows"]["drawn"] == 2 * len(domain_names())  # every domain × 2 months loaded rows
    assert charts["chart-annuity_performance-机构名称"]["marks"] == 9  # 8 largest branches and the rest

    artifacts = Path(os.environ.get("WDH_TEST_ARTIFACTS", REPO / "var" / "test-artifacts"))
    artifacts.mkdir(parents=True, exist_ok=True)
    shot = artifacts / "run-report.png"
    taken = browser("--window-size=1400,2400", f"--screenshot={shot}", report.as_uri())
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.stat().st_size > 20_000  # a blank page is a few kB
