"""Alerts to the platform: events it subscribes to, so a studio hears of trouble without looking.

`events` builds them (pure: ids, detail types, rules such as "N failed nights in a row"),
`service` decides when a run's end calls for one, `eventbridge` puts them on the alert bus,
`adapters` are the DynamoDB/Scheduler reads and writes the service needs. docs/infra.md
"Alerts to the platform" describes the contract.
"""
