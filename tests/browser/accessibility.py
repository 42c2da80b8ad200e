"""WCAG 2.1 AA checks with axe-core, vendored in tests/browser/vendor/."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def assert_accessible(page) -> None:  # type: ignore[no-untyped-def]
    """No WCAG 2.0/2.1 A or AA violation on the page as it is now (axe-core)."""
    problems = accessibility_problems(page)
    assert not problems, "Vi phạm WCAG 2.1 AA:\n" + "\n".join(problems)


def accessibility_problems(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The WCAG 2.0/2.1 A and AA violations axe-core finds on the page as it is now."""
    # Evaluated rather than added as a <script>: the pages' Content-Security-Policy
    # (script-src 'self') refuses inline scripts, and the check must see the pages as
    # they are served, policy included.
    page.evaluate("() => {\n" + AXE.read_text(encoding="utf-8") + "\n}")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} chỗ: "
            f"{', '.join(n['target'][0] for n in v['nodes'][:3])})" for v in result["violations"]]
