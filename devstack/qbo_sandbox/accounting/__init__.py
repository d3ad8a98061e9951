"""QBO Accounting API v3 stand-in: entities, query, batch, CDC, reports."""
