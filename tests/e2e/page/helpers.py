"""What the browser tests do often: open the page as the platform would, read page state."""
from __future__ import annotations

import time
from html import escape
from pathlib import Path
from typing import Any

from chalicelib.api.auth import issue_token
from chalicelib.config import Config

# WCAG relative-luminance contrast of every visible text element against its first opaque background.
CONTRAST_JS = """() => {
  const lum = c => { const [r,g,b] = c.map(v => { v /= 255;
                                                  return v <= 0.03928 ? v/12.92 : Math.pow((v+0.055)/1.055, 2.4); });
                     return 0.2126*r + 0.7152*g + 0.0722*b; };
  const rgba = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const bg = el => { for (; el; el = el.parentElement) { const c = rgba(getComputedStyle(el).backgroundColor);
                     if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0,3); }
                     return [255,255,255]; };
  const low = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('.visually-hidden, .skip-link')) continue;
    const style = getComputedStyle(el); if (parseFloat(style.opacity) < 1 || el.closest('[disabled]')) continue;
    const fg = lum(rgba(style.color).slice(0,3)), back = lum(bg(el));
    const ratio = (Math.max(fg, back) + 0.05) / (Math.min(fg, back) + 0.05);
    if (ratio < 4.5) low.push(el.tagName + ' "' + el.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
  }
  return low;
}"""

UNLABELLED_JS = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
  .filter(el => el.getClientRects().length)
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby')
                && !(el.tagName === 'BUTTON' && el.textContent.trim()))
  .map(el => el.outerHTML.slice(0, 80))"""


def admin_token(config: Config, tenant_id: str, ttl: int = 300) -> str:
    return issue_token(config, sub="e2e-admin", role="admin", tenant_id=tenant_id, now=int(time.time()), ttl=ttl)


PLATFORM_ORIGIN = "http://platform.test"  # the studio platform's origin (configured in conftest's stack)


def open_as_platform(page: Any, app_url: str, tenant_id: str, token: str) -> None:
    """The platform's way in: a cross-site form POST carrying the JWT (never in a URL), from a
    page on the platform's configured origin (the sign-in refuses any other `Origin`)."""
    action = f"{app_url}/v1/tenants/{tenant_id}/quickbooks/page"
    html = (f'<!doctype html><form method="post" action="{escape(action)}"><input type="hidden" name="token" '
            f'value="{escape(token)}"><button>Open QuickBooks settings</button></form>')
    page.route(f"{PLATFORM_ORIGIN}/open", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.goto(f"{PLATFORM_ORIGIN}/open")
    page.click("text=Open QuickBooks settings")


AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """() => axe.run(document, { resultTypes: ["violations"] }).then(r => r.violations.map(v =>
  v.id + " (" + v.impact + "): " + v.nodes.map(n => n.target.join(" ")).join(", ")))"""


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations for the page as it is now (every rule axe runs by default).

    The page's CSP allows only its own scripts, so a <script> tag added by the test would be
    refused; the source is evaluated through the DevTools protocol instead, which CSP does not see.
    """
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run npm install (axe-core is a devDependency)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        try:
            page.add_script_tag(path=str(AXE))
        except Exception:  # refused by the CSP: evaluate it instead
            pass
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(AXE_RUN)


def assert_accessible(page: Any) -> None:
    """Labels, contrast and axe-core: zero violations in the state the page is in."""
    assert page.evaluate(UNLABELLED_JS) == []
    assert page.evaluate(CONTRAST_JS) == []
    assert axe_violations(page) == []
