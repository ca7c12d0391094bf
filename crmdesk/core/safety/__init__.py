"""Data safety: backups, the data check, encryption of personal data at rest.

Modules:
- ``backup``: Backups of the database (docs/spec.md §7): made, verified, rotated, listed, described and restored.
- ``integrity``: The data check (帮助 → 数据检查, ``crmdesk check``): a pluggable list of checks of one database.
- ``keystore``: The operating system's key store (keyring) that keeps each database's data key (docs/spec.md §7).
- ``secrets``: Encryption at rest of personal data (docs/spec.md §7, 个人信息保护法).
"""
