"""Translation of the few user-facing messages produced by the Qt-free layers.

The core and io layers cannot use Qt's ``tr()``. Their messages are written in
English inside ``_()`` and looked up here; the application and the command line
choose the language once at start (Simplified Chinese by default). A test scans
``crmdesk/core`` and ``crmdesk/io`` for ``_("...")`` and fails on a message that
has no Chinese entry, either below or in a module's own catalogue added with
:func:`register` (``i18n.register({"English": "中文"})`` at the top of the module).
"""

from __future__ import annotations

_language = "zh_CN"

ZH_CN: dict[str, str] = {
    # database and files
    "The database {path} was written by a newer version of CRMDesk (schema {found}, this version "
    "understands up to {supported}). Please update CRMDesk; the file was left untouched.":
        "数据库 {path} 由更新版本的客户服务台创建（结构版本 {found}，本程序最高支持 {supported}）。"
        "请升级客户服务台；该文件未做任何改动。",
    "{path} is not a CRMDesk database.": "{path} 不是客户服务台的数据库文件。",
    "{path} is not a database file or it is damaged.": "{path} 不是数据库文件，或文件已损坏。",
    "The database {path} is in use by another CRMDesk (process {pid} on {host}, since {since}). "
    "Close that window first.":
        "数据库 {path} 正被另一个客户服务台使用（{host} 上的进程 {pid}，自 {since} 起）。请先关闭那个窗口。",
    "The database is busy (locked by another program). Please try again in a moment.":
        "数据库正忙（被其他程序锁定），请稍后再试。",
    "The disk is full: the change was not saved. Free some space and try again.":
        "磁盘已满：本次修改未保存。请清理磁盘空间后重试。",
    "The database file is read-only: CRMDesk cannot save changes. Check the file's permissions "
    "or copy it to a writable folder.":
        "数据库文件是只读的，无法保存修改。请检查文件权限，或将其复制到可写的文件夹。",
    "The database file cannot be opened: {detail}": "无法打开数据库文件：{detail}",
    "Database error: {detail}": "数据库错误：{detail}",
    "Cancelled.": "已取消。",
    "The database {path} already holds customers; demo data is only generated into an empty database.":
        "数据库 {path} 中已有客户；演示数据只能生成到空数据库中。",
    "{field}: {reason}": "{field}：{reason}",
}


def register(messages: dict[str, str]) -> None:
    """Add a module's own English → Chinese messages (each module keeps its catalogue beside its code)."""
    ZH_CN.update(messages)


def set_language(language: str) -> None:
    """Choose the language of core messages: ``"zh_CN"`` (default) or ``"en"``."""
    global _language
    _language = "en" if language.lower().startswith("en") else "zh_CN"


def current_language() -> str:
    """The language chosen with :func:`set_language`."""
    return _language


def _(message: str, **params: object) -> str:
    """Translate an English core message and fill its ``{placeholders}``."""
    text = ZH_CN.get(message, message) if _language == "zh_CN" else message
    return text.format(**params) if params else text
