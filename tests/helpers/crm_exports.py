"""Files as 悟空CRM, CordysCRM and Odoo write them, made by the tests (docs/spec.md §13, issue #20).

Every header list below is the one the program itself writes; where it comes from:

- 悟空CRM 11.0 (github.com/WuKongOpenSource/WukongCRM-11.0-JAVA):
  customer and contact fields: ``DB/wk_crm_single.sql`` (table ``wk_crm_field``, label 2 = customer:
  客户名称 客户来源 手机 电话 网址 客户行业 客户级别 下次联系时间 备注 邮箱; label 3 = contact: 姓名 客户名称 手机
  电话 邮箱 职务 是否关键决策人 地址 下次联系时间 备注 性别, with their options, e.g. 客户级别
  ``A（重点客户）,B（普通客户）,C（非优先客户）``); the list columns added to an export:
  ``crm/.../service/impl/CrmFieldSortServiceImpl.java`` (锁定状态 成交状态 最后跟进时间 最后跟进记录 详细地址
  地区定位 距进入公海天数 负责人 相关团队, then 所属部门 更新时间 创建时间 创建人); the values 已成交/未成交 and
  未锁定/已锁定: ``CrmCustomerServiceImpl.exportExcel``; the import template (a first row of 注意事项 merged
  across, required headers written ``*客户名称``, 负责人 after the name, 地区定位 as 省 市 区 详细地址):
  ``CrmCustomerServiceImpl.downloadExcel`` and ``core/.../utils/ExcelParseUtil.importExcel``; the contact
  template: ``CrmContactsServiceImpl.downloadExcel``. Exports are legacy .xls (``ExcelParseService.isXlsx``
  is false), dates ``yyyy-MM-dd HH:mm:ss``.
- 悟空CRM 9.0 (github.com/WuKongOpenSource/WukongCRM-9.0-JAVA): fields ``docs/crm9.sql`` (table
  ``72crm_admin_field``); the export's title row 客户信息 and its columns: ``CrmCustomerController.export`` and
  ``AdminFieldService.queryListHead`` (成交状态 距进入公海客户天数 最后跟进时间 最后跟进记录 更新时间 创建时间 负责人
  创建人); the template's title 客户导入模板(*)为必填项, required headers ``客户名称(*)``, 省 市 区:
  ``CrmCustomerController.downloadExcel``; the contact export's title row 联系人信息:
  ``CrmContactsController`` (its columns: the contact fields of ``docs/crm9.sql`` and the same four at the end).
- CordysCRM (github.com/1Panel-dev/CordysCRM): fields and options
  ``backend/crm/src/main/resources/form/field.json`` (customer: 客户名称 客户行业 客户等级 重要客户/一般客户/战略客户
  客户类型 无/最终客户/代理商 客户来源 线上/线下/维保/续约/扩容/增购 线上来源详情 客户标签 地区 负责人; contact: 客户名称
  姓名 邮箱 手机号 负责人); the system columns of an export: ``customer/utils/CustomerFieldUtils.java`` and
  ``CustomerContactFieldUtils.java`` with their titles in ``frontend/packages/web/src/hooks/useFormCreateApi.ts``
  and the zh-CN locales (部门 领取时间 回收公海 剩余归属 最新跟进人员 最新跟进时间 创建人 创建时间 更新人 更新时间; a
  contact's 状态 启用/禁用 from ``log.enable.*`` of ``i18n/cordys-crm_zh_CN.properties``, 停用原因); the region
  text ``中国-广东省-深圳市-南山区-详情`` of ``common/utils/RegionUtils.codeToName``; templates: one 数据 sheet with
  the field names (``system/excel/handler/CustomTemplateWriteHandler.java``).
- Odoo (res.partner with the zh_CN labels of ``odoo/addons/base/i18n/zh_CN.po``): 名字 公司类别 (公司/个人)
  关联公司 街道 街道 2 城市 状态 邮政编码 国家 电话 手机 Email 网站 工作岗位 称谓 销售员 内部参照 标签 备注 税务登记证号码
  语言 公司 (is a company) 有效, in Odoo's one table of companies and the people of each.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

WUKONG11_CUSTOMER_EXPORT = ["客户名称", "客户来源", "手机", "电话", "网址", "客户行业", "客户级别", "下次联系时间", "备注",
                            "邮箱", "锁定状态", "成交状态", "最后跟进时间", "最后跟进记录", "详细地址", "地区定位",
                            "距进入公海天数", "负责人", "相关团队", "所属部门", "更新时间", "创建时间", "创建人"]
WUKONG11_CUSTOMER_TEMPLATE = ["*客户名称", "*负责人", "客户来源", "手机", "电话", "网址", "邮箱", "客户行业", "客户级别",
                              "下次联系时间", "备注", "省", "市", "区", "详细地址"]
WUKONG9_CUSTOMER_EXPORT = ["客户名称", "手机", "电话", "客户来源", "客户行业", "客户级别", "网址", "下次联系时间", "备注",
                           "成交状态", "距进入公海客户天数", "最后跟进时间", "最后跟进记录", "更新时间", "创建时间", "负责人",
                           "创建人"]
WUKONG9_CUSTOMER_TEMPLATE = ["客户名称(*)", "手机", "电话", "客户来源", "客户行业", "客户级别", "网址", "下次联系时间",
                             "备注", "省", "市", "区"]
WUKONG11_CONTACT_EXPORT = ["姓名", "客户名称", "手机", "电话", "邮箱", "职务", "是否关键决策人", "地址", "下次联系时间",
                           "备注", "性别", "最后跟进时间", "负责人", "相关团队", "所属部门", "更新时间", "创建时间", "创建人"]
WUKONG9_CONTACT_EXPORT = ["姓名", "客户名称", "手机", "电话", "电子邮箱", "职务", "地址", "下次联系时间", "备注",
                          "是否关键决策人", "性别", "更新时间", "创建时间", "负责人", "创建人"]
WUKONG11_CONTACT_TEMPLATE = ["*姓名", "*负责人", "*客户名称", "手机", "电话", "邮箱", "职务", "是否关键决策人", "地址",
                             "下次联系时间", "备注", "性别"]
CORDYS_CUSTOMER_EXPORT = ["客户名称", "客户行业", "客户等级", "客户类型", "客户来源", "线上来源详情", "客户标签", "地区",
                          "负责人", "部门", "领取时间", "回收公海", "剩余归属", "最新跟进人员", "最新跟进时间", "创建人",
                          "创建时间", "更新人", "更新时间"]
CORDYS_CUSTOMER_TEMPLATE = ["客户名称", "客户行业", "客户等级", "客户类型", "客户来源", "线上来源详情", "客户标签", "地区",
                            "负责人"]
CORDYS_CONTACT_EXPORT = ["客户名称", "姓名", "邮箱", "手机号", "负责人", "状态", "停用原因", "部门", "创建人", "创建时间",
                         "更新人", "更新时间"]
CORDYS_CONTACT_TEMPLATE = ["客户名称", "姓名", "邮箱", "手机号", "负责人"]
# the same fields with Odoo's English labels (the msgids of that .po file), as an English interface writes them
ODOO_PARTNER_ENGLISH = ["Name", "Company Type", "Related Company", "Street", "Street2", "City", "State", "Zip",
                        "Country", "Phone", "Mobile", "Email", "Website", "Job Position", "Title", "Salesperson",
                        "Internal Reference", "Tags", "Notes", "TIN", "Language", "Is a Company", "Active"]
ODOO_PARTNER_EXPORT = ["名字", "公司类别", "关联公司", "街道", "街道 2", "城市", "状态", "邮政编码", "国家", "电话", "手机",
                       "Email", "网站", "工作岗位", "称谓", "销售员", "内部参照", "标签", "备注", "税务登记证号码", "语言",
                       "公司", "有效"]

OWNERS = ["王建国", "李秀英", "张伟", "刘洋", "陈静"]  # the other CRM's users: not staff here yet
PROVINCES = [("广东省", "深圳市", "南山区"), ("浙江省", "杭州市", "西湖区"), ("北京市", "北京市", "朝阳区"),
             ("江苏省", "苏州市", "工业园区"), ("四川省", "成都市", "高新区")]
WUKONG_SOURCES = ["促销", "搜索引擎", "广告", "转介绍", "线上注册", "线上询价", "预约上门", "陌拜", "电话咨询", "邮件咨询"]
WUKONG_INDUSTRIES = ["IT", "金融业", "房地产", "商业服务", "运输/物流", "生产", "政府", "文化传媒"]
WUKONG_LEVELS = ["A（重点客户）", "B（普通客户）", "C（非优先客户）"]
CORDYS_LEVELS = ["重要客户", "一般客户", "战略客户"]
CORDYS_TYPES = ["无", "最终客户", "代理商"]
CORDYS_SOURCES = ["线上", "线下", "维保", "续约", "扩容", "增购"]
NOW = dt.datetime.now().replace(microsecond=0)


@dataclass
class Person:
    """A contact as the test means it (what the import must give back)."""

    name: str
    mobile: str
    email: str = ""
    title: str = ""
    chief: bool = False
    left: bool = False


@dataclass
class Firm:
    """A customer as the test means it."""

    name: str
    owner: str
    level: str  # A / B / C
    region: str
    address: str
    landline: str  # '' or a 0755-… or 400-… number
    mobile: str
    next_contact: dt.datetime | None
    last_at: dt.datetime | None
    last_text: str
    last_by: str
    deal: bool
    source: str
    industry: str
    website: str
    tags: list[str] = field(default_factory=list)
    kind_tag: str = ""
    strategic: bool = False
    people: list[Person] = field(default_factory=list)


def firms(count: int = 200, seed: int = 20) -> list[Firm]:
    """``count`` customers with one to three contacts each, varied like a real export."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        province, city, district = PROVINCES[i % len(PROVINCES)]
        region = province + (city if city != province else "") + district
        landline = f"400-800-{i:04d}" if i % 4 == 0 else (f"0755-86{i:06d}" if i % 4 == 1 else "")
        people = [Person(f"联系人{i}号{j}", f"139{i:04d}{j:04d}", f"p{i}_{j}@example.com" if j else "",
                         ["总经理", "采购经理", ""][j % 3], chief=(j == 1), left=(j == 2))
                  for j in range(1 + i % 3)]
        out.append(Firm(
            name=f"{city.rstrip('市')}测试{i:03d}号科技有限公司", owner=OWNERS[i % len(OWNERS)], level="ABC"[i % 3],
            region=region, address=f"科技园路{i}-{i % 7 + 1}号", landline=landline, mobile=f"138{i:08d}",
            next_contact=(NOW + dt.timedelta(days=3 + i % 20, hours=1)).replace(minute=0, second=0)
            if i % 5 else NOW - dt.timedelta(days=10),
            last_at=(NOW - dt.timedelta(days=1 + i, minutes=rng.randint(0, 600))).replace(second=23)
            if i % 6 else None,
            last_text=f"第{i}次电话沟通，客户关注交期", last_by=OWNERS[(i + 1) % len(OWNERS)],
            deal=bool(i % 2), source=WUKONG_SOURCES[i % len(WUKONG_SOURCES)],
            industry=WUKONG_INDUSTRIES[i % len(WUKONG_INDUSTRIES)], website=f"www.firm{i}.example.cn",
            tags=[["高价值", "功能定制"], ["售后响应"], []][i % 3], kind_tag=["", "最终客户", "代理商"][i % 3],
            strategic=i % 10 == 0, people=people))
    return out


def when(moment: dt.datetime | None, slashes: bool = False) -> str:
    """A date-time as the other CRMs write it: ``yyyy-MM-dd HH:mm:ss`` (or ``2025/8/6 20:23:59``)."""
    if moment is None:
        return ""
    if slashes:
        return f"{moment.year}/{moment.month}/{moment.day} {moment:%H:%M:%S}"
    return f"{moment:%Y-%m-%d %H:%M:%S}"


def wukong_region(firm: Firm, i: int) -> tuple[str, str, str]:
    province, city, district = PROVINCES[i % len(PROVINCES)]
    return province, city, district


def write_xlsx(path: Path, header: list[str], rows: list[list[object]], *, title: str | None = None,
               sheet: str = "Sheet1") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for line in rows:
        ws.append(line)
    book.save(path)
    return path


def write_xls(path: Path, header: list[str], rows: list[list[object]], *, title: str | None = None) -> Path:
    """悟空CRM writes legacy .xls; the test writer of ``test_reader`` makes small ones (one FAT sector,
    no CONTINUE records), so a path ending in .xlsx gets the same sheet as .xlsx instead."""
    if path.suffix != ".xls":
        return write_xlsx(path, header, rows, title=title)
    from tests.io.importing.test_reader import xls_bytes

    lines: list[list[object]] = ([[title]] if title else []) + [header] + rows
    path.write_bytes(xls_bytes(lines, "Sheet0"))
    return path


WUKONG_NOTICE = ("注意事项：\n1、表头标“*”的红色字体为必填项\n2、日期时间：推荐格式为2020-02-02 13:13:13\n"
                 "3、日期：推荐格式为2020-02-02\n4、手机号：支持6-15位数字（包含国外手机号格式）\n5、邮箱：只支持邮箱格式\n"
                 "6、多行文本：字数限制为800字")


def wukong11_customer_export(path: Path, data: list[Firm]) -> Path:
    rows = []
    for i, f in enumerate(data):
        province, city, district = wukong_region(f, i)
        rows.append([f.name, f.source, "无" if i % 9 == 0 else f.mobile, f.landline, f.website, f.industry,
                     WUKONG_LEVELS["ABC".index(f.level)], when(f.next_contact), f"备注{i}", "", "未锁定" if i % 2 else "已锁定",
                     "已成交" if f.deal else "未成交", when(f.last_at, slashes=bool(i % 2)),
                     f.last_text if f.last_at else "", f.address, f"{province},{city},{district}", i % 30,
                     f.owner, "李秀英,刘洋", "销售部", when(NOW), when(NOW - dt.timedelta(days=400)), "admin"])
    return write_xls(path, WUKONG11_CUSTOMER_EXPORT, rows)


def wukong11_customer_template(path: Path, data: list[Firm]) -> Path:
    rows = []
    for i, f in enumerate(data):
        province, city, district = wukong_region(f, i)
        rows.append([f.name, f.owner, f.source, f.mobile, f.landline, f.website, "", f.industry,
                     WUKONG_LEVELS["ABC".index(f.level)], when(f.next_contact), f"备注{i}", province, city, district,
                     f.address])
    return write_xlsx(path, WUKONG11_CUSTOMER_TEMPLATE, rows, title=WUKONG_NOTICE, sheet="客户导入模板")


def wukong9_customer_export(path: Path, data: list[Firm]) -> Path:
    rows = [[f.name, f.mobile, f.landline, f.source, f.industry, WUKONG_LEVELS["ABC".index(f.level)], f.website,
             when(f.next_contact), f"备注{i}", "已成交" if f.deal else "未成交", i % 30, when(f.last_at),
             f.last_text if f.last_at else "", when(NOW), when(NOW - dt.timedelta(days=400)), f.owner, "admin"]
            for i, f in enumerate(data)]
    return write_xls(path, WUKONG9_CUSTOMER_EXPORT, rows, title="客户信息")


def wukong9_customer_template(path: Path, data: list[Firm]) -> Path:
    rows = []
    for i, f in enumerate(data):
        province, city, district = wukong_region(f, i)
        rows.append([f.name, f.mobile, f.landline, f.source, f.industry, WUKONG_LEVELS["ABC".index(f.level)],
                     f.website, when(f.next_contact), f"备注{i}", province, city, district])
    return write_xls(path, WUKONG9_CUSTOMER_TEMPLATE, rows, title="客户导入模板(*)为必填项")


def wukong11_contact_export(path: Path, data: list[Firm]) -> Path:
    rows = [[p.name, f.name, p.mobile, "", p.email, p.title, "是" if p.chief else "否", "", when(f.next_contact)
             if j == 0 else "", "", "男" if j % 2 else "女", "", f.owner, "", "销售部", when(NOW), when(NOW), "admin"]
            for f in data for j, p in enumerate(f.people)]
    return write_xls(path, WUKONG11_CONTACT_EXPORT, rows)


def wukong9_contact_export(path: Path, data: list[Firm]) -> Path:
    """Title row 联系人信息 (``CrmContactsController.export`` of 悟空CRM 9.0)."""
    rows = [[p.name, f.name, p.mobile, "", p.email, p.title, "", when(f.next_contact) if j == 0 else "", "",
             "是" if p.chief else "否", "男" if j % 2 else "女", when(NOW), when(NOW), f.owner, "admin"]
            for f in data for j, p in enumerate(f.people)]
    return write_xls(path, WUKONG9_CONTACT_EXPORT, rows, title="联系人信息")


def wukong11_contact_template(path: Path, data: list[Firm]) -> Path:
    rows = [[p.name, f.owner, f.name, p.mobile, "", p.email, p.title, "是" if p.chief else "否", "", "", "",
             "男" if j % 2 else "女"] for f in data for j, p in enumerate(f.people)]
    return write_xlsx(path, WUKONG11_CONTACT_TEMPLATE, rows, title=WUKONG_NOTICE, sheet="联系人导入模板")


def cordys_level(f: Firm, i: int) -> str:
    return "战略客户" if f.strategic else ("重要客户" if f.level == "A" else "一般客户")


def cordys_customer_export(path: Path, data: list[Firm]) -> Path:
    rows = []
    for i, f in enumerate(data):
        province, city, district = wukong_region(f, i)
        region = "-".join(dict.fromkeys(["中国", province, city, district])) + f"-{f.address}"
        tags = "[" + "，".join(f.tags) + "]" if f.tags else ""
        rows.append([f.name, ["互联网", "金融", "制造业"][i % 3], cordys_level(f, i), f.kind_tag or "无",
                     CORDYS_SOURCES[i % len(CORDYS_SOURCES)], "400电话" if i % 6 == 0 else "", tags, region, f.owner,
                     "销售部", when(NOW - dt.timedelta(days=30)), "", "150", f.last_by if f.last_at else "",
                     when(f.last_at), "admin", when(NOW - dt.timedelta(days=400)), "admin", when(NOW)])
    return write_xlsx(path, CORDYS_CUSTOMER_EXPORT, rows, sheet="导出数据")


def cordys_customer_template(path: Path, data: list[Firm]) -> Path:
    rows = []
    for i, f in enumerate(data):
        province, city, district = wukong_region(f, i)
        region = "-".join(dict.fromkeys([province, city, district])) + f"-{f.address}"
        rows.append([f.name, ["互联网", "金融", "制造业"][i % 3], cordys_level(f, i), f.kind_tag or "无",
                     CORDYS_SOURCES[i % len(CORDYS_SOURCES)], "", "，".join(f.tags), region, f.owner])
    return write_xlsx(path, CORDYS_CUSTOMER_TEMPLATE, rows, sheet="数据")


def cordys_contact_export(path: Path, data: list[Firm]) -> Path:
    rows = [[f.name, p.name, p.email, p.mobile, f.owner, "禁用" if p.left else "启用", "已离职" if p.left else "",
             "销售部", "admin", when(NOW), "admin", when(NOW)] for f in data for p in f.people]
    return write_xlsx(path, CORDYS_CONTACT_EXPORT, rows, sheet="导出数据")


def cordys_contact_template(path: Path, data: list[Firm]) -> Path:
    rows = [[f.name, p.name, p.email, p.mobile, f.owner] for f in data for p in f.people]
    return write_xlsx(path, CORDYS_CONTACT_TEMPLATE, rows, sheet="数据")


def odoo_partner_export(path: Path, data: list[Firm], *, english: bool = False) -> Path:
    company, person, yes, no = ("Company", "Individual", "True", "False") if english else ("公司", "个人", "是", "否")
    rows = []
    for i, f in enumerate(data):
        province, city, _district = wukong_region(f, i)
        rows.append([f.name, company, "", f.address, "", city.rstrip("市"), province.rstrip("省") + " (CN)", "518000",
                     "中国", f.landline, "", "", f.website, "", "", f.owner, f"KH{i:04d}", ",".join(f.tags), f"备注{i}",
                     "", "简体中文", yes, yes])
        for p in f.people:
            rows.append([p.name, person, f.name, "", "", "", "", "", "中国", "", p.mobile, p.email, "", p.title,
                         "先生", f.owner, "", "", "", "", "简体中文", no, yes])
    return write_xlsx(path, ODOO_PARTNER_ENGLISH if english else ODOO_PARTNER_EXPORT, rows, sheet="Sheet1")
