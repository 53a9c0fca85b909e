"""The common library of the Branchdesk services: settings, database, the core
schema, auth and roles, errors, audit, logging, business days, quotas and
compliance. A service imports from here, never from another service."""
