"""CRMDesk (客户服务台): an offline desktop service desk for small firms."""

from crmdesk.core.store import pg_driver

__version__ = "0.1.0"
APP_NAME = "CRMDesk"

pg_driver.defer()  # before any module imports peewee: psycopg loads for a server database only (start-up)
