"""CRMDesk (客户服务台): an offline desktop service desk for small firms."""

__version__ = "0.1.0"
APP_NAME = "CRMDesk"
