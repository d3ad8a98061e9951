"""The hosted page a studio admin sees: session cookie, CSRF, templates and static assets."""
