"""The studio ledger: what the platform sends (profile, transactions) and what the sync reads.

- `schemas`: the ingest API's request contract (pydantic v2 through Powertools' parser).
- `store`: the DynamoDB ledger (idempotency claims, sequenced rows, committed-watermark reader).
- `ports`: the `LedgerReader` protocol the sync and the reports depend on.
- `ingest`, `profiles`, `reports`: the use cases the blueprints call.
"""
