"""Realistic demo data (crmdesk demo): word lists, the row generator and the transaction that writes it.

Modules:
- ``activity``: Demo interactions, follow-ups, tiers, churn flags, tags and the change log.
- ``generator``: The demo generator: one pass per chunk of customers, rows kept until written.
- ``machines``: Demo equipment: the machines customers bought, with warranties, maintenance contracts and sites.
- ``people``: Demo people and companies: names, contacts, phones, e-mails, addresses.
- ``schema``: Tables, columns and the fixed numbers of the demo generator.
- ``service``: Demo tickets with their stage history, SLA dues, callbacks and surveys.
- ``words``: Word lists and weights of the demo data generator (``core.demo.writer``): names, places,
  products, texts.
- ``writer``: Realistic demo data: ``crmdesk demo --customers N [--seed S]`` (docs/spec.md §8, §9).
"""
