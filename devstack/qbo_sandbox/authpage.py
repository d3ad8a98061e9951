"""The HTML of the authorize flow: sign in, pick a company, Connect or Cancel.

Plain server-rendered pages, accessible by construction: every input has a <label>, errors are
announced with role="alert" and tied to inputs with aria-describedby, the company choice is a
fieldset with a legend, and Cancel skips browser validation (formnovalidate).
"""
from __future__ import annotations

from html import escape

_STYLE = ("body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}"
          "label{display:block;margin-top:1rem;font-weight:600}"
          "input[type=email],input[type=password]{width:100%;padding:.5rem;font-size:1rem}"
          "button{margin:1.5rem .5rem 0 0;padding:.5rem 1.25rem;font-size:1rem}"
          ".error{color:#a00;font-weight:600}fieldset{margin-top:1rem}"
          ":focus{outline:3px solid #0a66c2;outline-offset:2px}")


def _page(title: str, body: str) -> str:
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} – Intuit sandbox</title><style>{_STYLE}</style></head>"
            f'<body><main id="main"><h1>{escape(title)}</h1>{body}</main></body></html>')


def _hidden(fields: dict[str, str]) -> str:
    return "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
                   for k, v in fields.items())


def _error(message: str | None) -> str:
    if not message:
        return ""
    return f'<p class="error" role="alert" id="form-error">{escape(message)}</p>'


def sign_in_page(action: str, app_name: str, params: dict[str, str], email: str = "",
                 error: str | None = None) -> str:
    described = ' aria-describedby="form-error" aria-invalid="true"' if error else ""
    body = (f"<p>Sign in to connect <strong>{escape(app_name)}</strong> to QuickBooks.</p>"
            f"{_error(error)}"
            f'<form method="post" action="{escape(action)}" aria-label="Sign in">'
            f"{_hidden(params)}"
            '<label for="email">Email</label>'
            f'<input id="email" name="email" type="email" autocomplete="username" required '
            f'value="{escape(email)}"{described}>'
            '<label for="password">Password</label>'
            f'<input id="password" name="password" type="password" '
            f'autocomplete="current-password" required{described}>'
            '<button type="submit" name="action" value="signin">Sign in</button>'
            '<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>'
            "</form>")
    return _page("Sign in", body)


def consent_page(action: str, app_name: str, ticket: str, companies: list[tuple[str, str]],
                 error: str | None = None) -> str:
    if len(companies) == 1:
        realm, name = companies[0]
        choice = (f"<p>Company: <strong>{escape(name)}</strong></p>"
                  + _hidden({"realm_id": realm}))
    else:
        options = "".join(
            f'<div><input type="radio" id="realm-{escape(r)}" name="realm_id" '
            f'value="{escape(r)}" required><label for="realm-{escape(r)}" '
            f'style="display:inline;font-weight:400">{escape(n)}</label></div>'
            for r, n in companies)
        described = ' aria-describedby="form-error"' if error else ""
        choice = f"<fieldset{described}><legend>Choose a company</legend>{options}</fieldset>"
    body = (f"<p><strong>{escape(app_name)}</strong> wants to read and write your "
            "QuickBooks Online accounting data.</p>"
            f"{_error(error)}"
            f'<form method="post" action="{escape(action)}" aria-label="Connect">'
            f'{_hidden({"ticket": ticket})}{choice}'
            '<button type="submit" name="action" value="connect">Connect</button>'
            '<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>'
            "</form>")
    return _page("Connect to QuickBooks", body)


def error_page(message: str) -> str:
    return _page("Something went wrong", _error(message))
