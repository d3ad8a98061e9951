"""The tenant (a studio): one frozen `Tenant` value and the one repository that reads and writes it.

Every module that needs the tenant item goes through `TenantRepository` (`repository.py`); only
its DynamoDB adapter (`chalicelib/store/tenants.py`) knows the item's attributes.
"""
