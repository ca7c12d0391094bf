"""The printable recovery sheet (恢复码): the code that opens a backup on a new PC."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from crmdesk.core.store import atomic
from crmdesk.io.pdf.fonts import cjk_font


def write_recovery_sheet(path: Path, code: str, *, firm: str = "", database: str = "",
                         now: dt.datetime | None = None, in_keystore: bool = True) -> Path:
    """An A4 page with the recovery code and what to do with it; written atomically, owner-only.

    ``in_keystore``: where the key really is on this PC — the system key store, or (without
    one) only wrapped under the passphrase chosen at first start.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    now = now or dt.datetime.now()
    font = cjk_font()
    path = Path(path)
    with atomic.atomic_write(path, mode=atomic.PRIVATE) as tmp:
        pdf = canvas.Canvas(str(tmp), pagesize=A4)
        pdf.setTitle("客户服务台 数据恢复码")
        width, height = A4
        y = height - 30 * mm
        pdf.setFont(font, 20)
        pdf.drawString(25 * mm, y, "客户服务台 · 数据恢复码")
        pdf.setFont(font, 11)
        y -= 12 * mm
        for line in (f"单位：{firm or '（未填写）'}", f"数据库：{database}", f"生成时间：{now:%Y-%m-%d %H:%M}"):
            pdf.drawString(25 * mm, y, line)
            y -= 7 * mm
        y -= 8 * mm
        pdf.setLineWidth(1.2)
        pdf.rect(25 * mm, y - 22 * mm, width - 50 * mm, 26 * mm)
        pdf.setFont(font, 22)
        pdf.drawCentredString(width / 2, y - 13 * mm, code)
        y -= 38 * mm
        pdf.setFont(font, 11)
        lines = [
            "客户的手机、电话、邮箱、微信、地址、生日和机密备注在数据库中是加密保存的。",
            *(["加密密钥保存在本机的系统密钥库中。换电脑、重装系统或在别的电脑上恢复备份时，"]
              if in_keystore else
              ["本机没有系统密钥库，加密密钥只用您设定的口令保护（每次启动时输入口令）。",
               "忘记口令、换电脑、重装系统或在别的电脑上恢复备份时，"]),
            "客户服务台会要求输入这个恢复码；没有它，加密的数据将无法读取。",
            "备注、工单描述、解决方案、互动记录等自由填写的文字不加密，请不要在其中记录个人信息。",
            "",
            "请把这张纸打印出来，放在安全的地方（例如保险柜），不要和备份U盘放在一起，",
            "也不要拍照发到聊天软件里。",
        ]
        for line in lines:
            pdf.drawString(25 * mm, y, line)
            y -= 7 * mm
        pdf.showPage()
        pdf.save()
    return path
