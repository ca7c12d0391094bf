<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About CRMDesk</source>
        <translation>关于客户服务台</translation>
    </message>
    <message>
        <source>CRMDesk Service Desk</source>
        <translation>客户服务台</translation>
    </message>
    <message>
        <source>Offline customer registry, ticket board, follow-ups and reports for a small service desk.</source>
        <translation>面向小微企业客服部门的离线客户档案、工单看板、跟进日历与报表。</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>Schema version: %1</source>
        <translation>数据结构版本：%1</translation>
    </message>
    <message>
        <source>Data folder: %1</source>
        <translation>数据文件夹：%1</translation>
    </message>
    <message>
        <source>Log file: %1</source>
        <translation>日志文件：%1</translation>
    </message>
</context>
<context>
    <name>AgendaPanel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Done…</source>
        <translation>完成…</translation>
    </message>
    <message>
        <source>Skip…</source>
        <translation>跳过…</translation>
    </message>
    <message>
        <source>Reschedule</source>
        <translation>改期</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Follow-ups on %1: %2</source>
        <translation>%1 的跟进：%2 项</translation>
    </message>
</context>
<context>
    <name>ArchiveDialog</name>
    <message>
        <source>Archive proposals</source>
        <translation>归档建议</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <source>Last cooperation</source>
        <translation>最近合作</translation>
    </message>
    <message>
        <source>Archive selected</source>
        <translation>归档所选</translation>
    </message>
    <message numerus="yes">
        <source>%n dormant customer(s) without cooperation for longer than the archive threshold. Archived customers leave the daily list and stay searchable.</source>
        <translation>
            <numerusform>%n 个休眠客户已超过归档期限未合作。归档后不再出现在日常列表中，仍可搜索。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AssigneeDialog</name>
    <message>
        <source>Re-dispatch</source>
        <translation>改派</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>分派</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>For the engineer (optional)</source>
        <translation>给处理人的说明（可选）</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <source>Attach files…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>(saved with the record)</source>
        <translation>（随记录一起保存）</translation>
    </message>
    <message>
        <source>Size: %1</source>
        <translation>大小：%1</translation>
    </message>
    <message>
        <source>Belongs to: %1</source>
        <translation>所属：%1</translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation>添加：%1</translation>
    </message>
    <message>
        <source>%1 · or drop files here</source>
        <translation>%1 · 也可把文件拖放到这里</translation>
    </message>
    <message>
        <source>Attached: %1</source>
        <translation>已添加附件：%1</translation>
    </message>
    <message>
        <source>Attach files (%1)</source>
        <translation>添加附件（%1）</translation>
    </message>
    <message>
        <source>Save attachment as</source>
        <translation>附件另存为</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
</context>
<context>
    <name>CalendarTab</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>All methods</source>
        <translation>全部方式</translation>
    </message>
    <message>
        <source>Purpose contains…</source>
        <translation>目的包含…</translation>
    </message>
    <message>
        <source>New follow-up…</source>
        <translation>新建跟进…</translation>
    </message>
    <message>
        <source>Export .ics…</source>
        <translation>导出 .ics…</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>%1-%2</source>
        <translation>%1-%2</translation>
    </message>
    <message>
        <source>Export to calendar (.ics)</source>
        <translation>导出到日历（.ics）</translation>
    </message>
    <message>
        <source>iCalendar files (*.ics)</source>
        <translation>iCalendar 文件 (*.ics)</translation>
    </message>
    <message>
        <source>%1 follow-ups written to %2</source>
        <translation>已将 %1 条跟进写入 %2</translation>
    </message>
</context>
<context>
    <name>CalendarTableDialog</name>
    <message>
        <source>Working calendar %1: day by day</source>
        <translation>工作日历 %1：逐日编辑</translation>
    </message>
    <message>
        <source>Days off (holidays) and make-up working days of %1; every other day is a working day from Monday to Friday.</source>
        <translation>%1年的放假日和调休上班日；其余日子按周一至周五上班。</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Add a day</source>
        <translation>添加一天</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>All statutory holidays of %1 are entered</source>
        <translation>%1年的法定节假日已全部录入</translation>
    </message>
    <message>
        <source>Day off</source>
        <translation>放假</translation>
    </message>
    <message>
        <source>Working day</source>
        <translation>上班</translation>
    </message>
    <message>
        <source>A working day on a weekday changes nothing: %1. Save again to keep it anyway.</source>
        <translation>周一至周五本来就上班，设为上班不起作用：%1。再点一次保存则仍然保留。</translation>
    </message>
</context>
<context>
    <name>CallbackDialog</name>
    <message>
        <source>Callback — ticket %1</source>
        <translation>回访 — 工单 %1</translation>
    </message>
    <message>
        <source>Reached the customer</source>
        <translation>已联系上客户</translation>
    </message>
    <message>
        <source>Could not reach the customer</source>
        <translation>未联系上客户</translation>
    </message>
    <message>
        <source>Satisfaction (1 = very dissatisfied, 5 = very satisfied)</source>
        <translation>满意度（1 = 非常不满意，5 = 非常满意）</translation>
    </message>
    <message>
        <source>Survey method</source>
        <translation>调查方式</translation>
    </message>
    <message>
        <source>What the customer said (or why nobody answered)</source>
        <translation>客户的反馈（或未接通的原因）</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>解决方案</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>应回访时间</translation>
    </message>
    <message>
        <source>Try %1 of %2.</source>
        <translation>第 %1 次回访，共 %2 次。</translation>
    </message>
    <message>
        <source>Try %1 of %2: this is the last try, the callback will be closed as unreachable.</source>
        <translation>第 %1 次，共 %2 次：这是最后一次尝试，保存后回访将按“未联系上”关闭。</translation>
    </message>
    <message>
        <source>Try %1 of %2: the next try is planned for %3.</source>
        <translation>第 %1 次，共 %2 次：下次回访安排在 %3。</translation>
    </message>
    <message>
        <source>callback of ticket %1</source>
        <translation>工单 %1 的回访</translation>
    </message>
</context>
<context>
    <name>CapacityDialog</name>
    <message>
        <source>default (%1)</source>
        <translation>默认（%1）</translation>
    </message>
    <message>
        <source>Follow-up capacity</source>
        <translation>跟进容量</translation>
    </message>
    <message>
        <source>How many planned follow-ups (calls, visits, e-mails) a person can make on a working day besides the phone and the tickets. The planner never puts more on a day; what the tier policy asks beyond it is not planned, and said here and on Today.</source>
        <translation>每位员工在接电话、处理工单之外，一个工作日能完成多少次计划跟进（电话、拜访、邮件）。排程不会在一天里安排得更多；客户等级策略超出容量的部分不会排入日历，并在这里和“今日”中说明。</translation>
    </message>
    <message>
        <source> a working day</source>
        <translation> 次/工作日</translation>
    </message>
    <message>
        <source>Firm-wide default</source>
        <translation>全公司默认</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>负责客户</translation>
    </message>
    <message>
        <source>Policy asks a day</source>
        <translation>策略每天需要</translation>
    </message>
    <message>
        <source>Capacity a day</source>
        <translation>每天容量</translation>
    </message>
    <message>
        <source>Capacities saved; the follow-ups were re-planned.</source>
        <translation>容量已保存，跟进已按新容量重新排程。</translation>
    </message>
</context>
<context>
    <name>CardListView</name>
    <message>
        <source>No tickets</source>
        <translation>暂无工单</translation>
    </message>
</context>
<context>
    <name>CheckDialog</name>
    <message>
        <source>Data check</source>
        <translation>数据检查</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Checking the database…</source>
        <translation>正在检查数据库…</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message numerus="yes">
        <source>%n check(s) failed. Restore a recent backup or ask for help before entering more data.</source>
        <translation>
            <numerusform>有 %n 项检查未通过。请先恢复最近的备份或寻求帮助，再继续录入数据。</numerusform>
        </translation>
    </message>
    <message>
        <source>All checks passed.</source>
        <translation>全部检查通过。</translation>
    </message>
    <message numerus="yes">
        <source>No check failed, but %n warning(s) need a look (the yellow lines).</source>
        <translation>
            <numerusform>没有检查失败，但有 %n 个警告需要留意（黄色的行）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClassifyDialog</name>
    <message>
        <source>Classify</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <source>Complaint severity</source>
        <translation>投诉等级</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Changed by someone else</source>
        <translation>已被他人修改</translation>
    </message>
    <message>
        <source>What you typed is still in the form, but the record can no longer be saved.</source>
        <translation>您输入的内容仍在表单中，但这条记录已无法保存。</translation>
    </message>
    <message>
        <source>Your changes are not saved yet. Reload to see the record as it is now (your changes are discarded), compare both versions field by field, or overwrite the other change with yours.</source>
        <translation>您的修改尚未保存。可以重新载入查看记录的最新内容（放弃您的修改），逐项比较两个版本，或用您的修改覆盖对方的修改。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Yours (not saved)</source>
        <translation>我的（未保存）</translation>
    </message>
    <message>
        <source>Saved now</source>
        <translation>当前已保存</translation>
    </message>
    <message>
        <source>The fields of this form are the same in both versions (the other change was elsewhere, e.g. a ticket&apos;s stage or a contact&apos;s role).</source>
        <translation>本表单的各字段在两个版本中相同（对方改的是别处，例如工单阶段或联系人角色）。</translation>
    </message>
    <message>
        <source>Reload (discard mine)</source>
        <translation>重新载入（放弃我的）</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Overwrite with mine</source>
        <translation>用我的覆盖</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>继续编辑</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>Connection to the server lost, retrying…</source>
        <translation>连接中断，正在重试…</translation>
    </message>
    <message>
        <source>Under maintenance: another PC is restoring or upgrading the shared database. CRMDesk reconnects by itself when it is done.</source>
        <translation>维护中：另一台电脑正在恢复或升级共享数据库，完成后 CRMDesk 会自动重新连接。</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <source>Title *</source>
        <translation>职务 *</translation>
    </message>
    <message>
        <source>Not in the imported data: fill it in when known</source>
        <translation>导入的资料中没有，知道后再补录</translation>
    </message>
    <message>
        <source>Name: required</source>
        <translation>姓名：必填</translation>
    </message>
    <message>
        <source>Title: required</source>
        <translation>职务：必填</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Mobile: required for the primary contact</source>
        <translation>手机：主联系人必须填写</translation>
    </message>
    <message>
        <source>138 1234 5678</source>
        <translation>138 1234 5678</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>0755-12345678</source>
        <translation>0755-12345678</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Lunar calendar</source>
        <translation>农历</translation>
    </message>
    <message>
        <source>Primary contact</source>
        <translation>主联系人</translation>
    </message>
    <message>
        <source>Has left the company</source>
        <translation>已离职</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>CRMDesk: unexpected error</source>
        <translation>客户服务台：意外错误</translation>
    </message>
    <message>
        <source>An unexpected error occurred. Everything saved before it is safe.</source>
        <translation>程序发生意外错误。此前已保存的数据都是安全的。</translation>
    </message>
    <message>
        <source>The details were written to the log file:</source>
        <translation>详细信息已写入日志文件：</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>CustomFieldsDialog</name>
    <message>
        <source>Custom fields</source>
        <translation>自定义字段</translation>
    </message>
    <message>
        <source>Fields you add appear in the forms, the dossier and its PDF, the registry&apos;s optional columns and filters, the Excel templates, exports and imports (a column headed with the field&apos;s name is taken as it). Removing a field only hides it: the values are kept and come back when it is restored.</source>
        <translation>添加的字段会出现在录入表单、客户档案及其 PDF、客户列表的可选列和筛选、Excel 模板、导出和导入中（表头与字段名称相同的列会导入到该字段）。移除字段只是把它隐藏：已填的值都保留，恢复字段后重新显示。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>可选值</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Sensitive</source>
        <translation>敏感</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Hide the field; its values are kept and come back with it</source>
        <translation>隐藏该字段；已填的值会保留，恢复字段后重新显示</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Removed (values kept)</source>
        <translation>已移除（数据保留）</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Remove field</source>
        <translation>移除字段</translation>
    </message>
    <message>
        <source>Remove “%1” from forms, lists and files? Its values are kept and come back when you restore it.</source>
        <translation>从表单、列表和文件中移除“%1”？已填的值会保留，恢复字段后重新显示。</translation>
    </message>
</context>
<context>
    <name>CustomFieldsForm</name>
    <message>
        <source> (sensitive)</source>
        <translation>（敏感）</translation>
    </message>
    <message>
        <source>Sensitive: stored encrypted and hidden in lists; it cannot be sorted or filtered by value</source>
        <translation>敏感字段：加密保存，在列表中隐藏显示；不能排序，也不能按值筛选</translation>
    </message>
    <message>
        <source>A number, e.g. 12 or 3.5</source>
        <translation>数字，如 12 或 3.5</translation>
    </message>
    <message>
        <source>Yuan, e.g. 12500 or 1.25万</source>
        <translation>金额（元），如 12500 或 1.25万</translation>
    </message>
    <message>
        <source>e.g. 2024-01-05</source>
        <translation>如 2024-01-05</translation>
    </message>
    <message>
        <source>Not filled in yet (required)</source>
        <translation>尚未填写（必填）</translation>
    </message>
</context>
<context>
    <name>CustomFilterBar</name>
    <message>
        <source>More filters…</source>
        <translation>更多筛选…</translation>
    </message>
    <message>
        <source>Filter by a custom field (设置 → 自定义字段)</source>
        <translation>按自定义字段筛选（设置 → 自定义字段）</translation>
    </message>
    <message>
        <source>Custom fields:</source>
        <translation>自定义字段：</translation>
    </message>
</context>
<context>
    <name>CustomFilterDialog</name>
    <message>
        <source>Filter by a custom field</source>
        <translation>按自定义字段筛选</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>e.g. 2024-01-05</source>
        <translation>如 2024-01-05</translation>
    </message>
    <message>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>“%1” is sensitive: its values are encrypted, so it can only be filtered as empty or filled in, and not sorted.</source>
        <translation>“%1”是敏感字段：它的值已加密，只能按“未填”或“已填”筛选，也不能排序。</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Basics</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <source>Assigned automatically</source>
        <translation>自动编号</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>客户名称 *</translation>
    </message>
    <message>
        <source>Type *</source>
        <translation>客户类型 *</translation>
    </message>
    <message>
        <source>Importance *</source>
        <translation>重要等级 *</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>客户层级</translation>
    </message>
    <message>
        <source>Pin tier</source>
        <translation>锁定层级</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>所属行业</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>企业规模</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>所在地区</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>详细地址</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <source>Account manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Cooperating since</source>
        <translation>合作开始日期</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>客户标签</translation>
    </message>
    <message>
        <source>Separate tags with commas</source>
        <translation>多个标签用逗号分隔</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Make primary</source>
        <translation>设为主联系人</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>交易记录</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Contract no.</source>
        <translation>合同编号</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Needs and notes</source>
        <translation>需求与备注</translation>
    </message>
    <message>
        <source>Purchase intent</source>
        <translation>采购意向</translation>
    </message>
    <message>
        <source>Product preference</source>
        <translation>产品偏好</translation>
    </message>
    <message>
        <source>Budget range</source>
        <translation>预算范围</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Confidential notes</source>
        <translation>机密备注</translation>
    </message>
    <message>
        <source>Reason for the change</source>
        <translation>变更原因</translation>
    </message>
    <message>
        <source>Optional, kept in the change log</source>
        <translation>选填，记入变更记录</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>More details</source>
        <translation>更多信息</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Customer %1</source>
        <translation>客户 %1</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>At risk: %1</source>
        <translation>流失风险：%1</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>创建于 %1</translation>
    </message>
    <message>
        <source>Primary</source>
        <translation>主联系人</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>已离职</translation>
    </message>
    <message>
        <source> (lunar)</source>
        <translation>（农历）</translation>
    </message>
    <message>
        <source>not filled in</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Required, but missing in the imported data: fill it in when known. Other edits are saved meanwhile.</source>
        <translation>必填项，但导入的资料中没有：知道后再补录。其他修改照常保存。</translation>
    </message>
    <message>
        <source>Total of orders: %1 yuan</source>
        <translation>订单合计：%1 元</translation>
    </message>
    <message>
        <source>Possible duplicate of %1 (same name or mobile). Click to open it, or continue.</source>
        <translation>可能与 %1 重复（名称或手机号相同）。点击可打开查看，或继续填写。</translation>
    </message>
    <message>
        <source>Custom fields</source>
        <translation>自定义字段</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>No customer matches “%1”.</source>
        <translation>没有与“%1”匹配的客户。</translation>
    </message>
    <message>
        <source>(archived)</source>
        <translation>（已归档）</translation>
    </message>
</context>
<context>
    <name>CustomersTab</name>
    <message>
        <source>Search code, name, contact, phone or last 4 digits, tag</source>
        <translation>搜索编号、名称、联系人、电话或尾号后4位、标签</translation>
    </message>
    <message>
        <source>New customer…</source>
        <translation>新建客户…</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Find duplicates and merge…</source>
        <translation>查重与合并…</translation>
    </message>
    <message>
        <source>Archive proposals…</source>
        <translation>归档建议…</translation>
    </message>
    <message>
        <source>Recycle bin…</source>
        <translation>回收站…</translation>
    </message>
    <message>
        <source>Recompute tiers and churn warnings</source>
        <translation>重新计算层级与流失预警</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>All tiers</source>
        <translation>全部层级</translation>
    </message>
    <message>
        <source>All importance</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <source>All account managers</source>
        <translation>全部客户经理</translation>
    </message>
    <message>
        <source>At risk only</source>
        <translation>仅看风险客户</translation>
    </message>
    <message>
        <source>Include archived</source>
        <translation>包含已归档</translation>
    </message>
    <message>
        <source>Right-click to choose the columns</source>
        <translation>右键单击选择显示的列</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>共 %n 个客户</numerusform>
        </translation>
    </message>
    <message>
        <source>Type one more character to search</source>
        <translation>再输入一个字开始搜索</translation>
    </message>
    <message>
        <source>View “%1”</source>
        <translation>视图“%1”</translation>
    </message>
    <message>
        <source>View “%1”: these conditions use fields removed since and were left out: %2</source>
        <translation>视图“%1”：以下条件所用的字段已被移除，已忽略：%2</translation>
    </message>
    <message>
        <source>“%1” is sensitive (encrypted): the list cannot be sorted by it.</source>
        <translation>“%1”是敏感字段（已加密），列表不能按它排序。</translation>
    </message>
    <message>
        <source>Open dossier</source>
        <translation>打开档案</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>New ticket…</source>
        <translation>新建工单…</translation>
    </message>
    <message>
        <source>Log a call…</source>
        <translation>记录通话…</translation>
    </message>
    <message>
        <source>Show full number</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <source>Restore from archive</source>
        <translation>从归档库恢复</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Delete to recycle bin</source>
        <translation>删除到回收站</translation>
    </message>
    <message numerus="yes">
        <source>Move %n customer(s) to the recycle bin? They can be restored for 30 days.</source>
        <translation>
            <numerusform>把 %n 个客户移入回收站吗？30天内可以恢复。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Tiers recomputed: %1 changed, %2 at risk</source>
        <translation>层级已重新计算：%1 个变化，%2 个风险客户</translation>
    </message>
    <message>
        <source>Recomputing tiers…</source>
        <translation>正在重新计算客户层级…</translation>
    </message>
</context>
<context>
    <name>DatabaseLocationPage</name>
    <message>
        <source>Where this PC&apos;s data is. The choice belongs to this PC only; other PCs keep theirs.</source>
        <translation>这台电脑的数据放在哪里。此设置只属于这台电脑，其他电脑各自设置。</translation>
    </message>
    <message>
        <source>A file on this PC</source>
        <translation>本机文件</translation>
    </message>
    <message>
        <source>The company server (several PCs share one database)</source>
        <translation>公司服务器（多台电脑共用一个数据库）</translation>
    </message>
    <message>
        <source>Choose a database file</source>
        <translation>选择数据库文件</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>数据库文件</translation>
    </message>
    <message>
        <source>name or address, like 192.168.1.10</source>
        <translation>名称或地址，如 192.168.1.10</translation>
    </message>
    <message>
        <source>the user the administrator created, like crm01</source>
        <translation>管理员创建的用户，如 crm01</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Open now: %1. A new choice opens when CRMDesk starts again.</source>
        <translation>当前打开：%1。新的选择在客户服务台重新启动后生效。</translation>
    </message>
    <message>
        <source>%1: please fill it in.</source>
        <translation>%1：请填写。</translation>
    </message>
    <message>
        <source>Server and database: a name or address only, like 192.168.1.10 and crmdesk.</source>
        <translation>服务器和数据库只填名称或地址，如 192.168.1.10 和 crmdesk。</translation>
    </message>
    <message>
        <source>Connecting to %1 …</source>
        <translation>正在连接 %1 …</translation>
    </message>
    <message>
        <source>CRMDesk database (*.db);;All files (*)</source>
        <translation>客户服务台数据库 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Database location</source>
        <translation>数据库位置</translation>
    </message>
    <message>
        <source>This PC now opens %1. Restart CRMDesk now to open it?</source>
        <translation>这台电脑今后打开 %1。现在重新启动客户服务台以打开它吗？</translation>
    </message>
</context>
<context>
    <name>DayGrid</name>
    <message>
        <source>Mon</source>
        <translation>一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>日</translation>
    </message>
    <message>
        <source>(work)</source>
        <translation>（班）</translation>
    </message>
    <message>
        <source>(off)</source>
        <translation>（休）</translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation>另有 %1 项</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>逾期 %1</translation>
    </message>
    <message>
        <source>%1 planned</source>
        <translation>计划 %1</translation>
    </message>
    <message>
        <source>%1 done</source>
        <translation>完成 %1</translation>
    </message>
</context>
<context>
    <name>DepartmentsPage</name>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>部门主管</translation>
    </message>
    <message>
        <source>Default person</source>
        <translation>默认处理人</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>改名…</translation>
    </message>
    <message>
        <source>Switch off</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Head (部门主管)</source>
        <translation>部门主管</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>People: department and role</source>
        <translation>人员：所属部门与角色</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Switched off</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>%1 (left)</source>
        <translation>%1（已离职）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Switch on</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>New department</source>
        <translation>新增部门</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Rename department</source>
        <translation>部门改名</translation>
    </message>
</context>
<context>
    <name>DialPanel</name>
    <message>
        <source>Copy number</source>
        <translation>复制号码</translation>
    </message>
    <message>
        <source>Copy the number to dial it from a softphone or a mobile</source>
        <translation>复制号码，用软电话或手机拨打</translation>
    </message>
    <message>
        <source>(no contact with a number)</source>
        <translation>（没有留号码的联系人）</translation>
    </message>
    <message>
        <source>(no number)</source>
        <translation>（没有号码）</translation>
    </message>
    <message>
        <source>the number of %1 (%2)</source>
        <translation>%1的电话（%2）</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>DossierDialog</name>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Show full numbers</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Erase personal data…</source>
        <translation>删除个人信息…</translation>
    </message>
    <message>
        <source>Pin as %1</source>
        <translation>锁定为%1</translation>
    </message>
    <message>
        <source>Unpin (use the rules)</source>
        <translation>取消锁定（按规则计算）</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>档案</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>交易记录</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Contract no.</source>
        <translation>合同编号</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>服务工单</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>工单编号</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <source>This wipes mobiles, phones, e-mails, addresses (also of its machines&apos; sites), birthdays, confidential notes and every attachment of this customer for good. Tickets are kept without personal data.
Reason (required):</source>
        <translation>将永久删除该客户的手机、电话、邮箱、地址（含设备安装地址）、生日、机密备注以及全部附件。工单会保留，但不含个人信息。
原因（必填）：</translation>
    </message>
    <message>
        <source>Log call…</source>
        <translation>记录通话…</translation>
    </message>
    <message>
        <source>Plan follow-up…</source>
        <translation>安排跟进…</translation>
    </message>
    <message>
        <source>Interactions</source>
        <translation>互动记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>沟通内容摘要</translation>
    </message>
    <message>
        <source>Customer feedback</source>
        <translation>客户反馈</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步计划</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>满意度调查</translation>
    </message>
    <message>
        <source>Product quality</source>
        <translation>产品质量</translation>
    </message>
    <message>
        <source>Service response</source>
        <translation>服务响应</translation>
    </message>
    <message>
        <source>Communication</source>
        <translation>沟通效率</translation>
    </message>
    <message>
        <source>Professionalism</source>
        <translation>专业度</translation>
    </message>
    <message>
        <source>Overall</source>
        <translation>总体满意度</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>意见建议</translation>
    </message>
    <message>
        <source>Change log</source>
        <translation>变更记录</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>变更字段</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>变更前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>变更后</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>变更原因</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>变更人</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Dossier %1</source>
        <translation>一户一档 %1</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>At risk: %1</source>
        <translation>流失风险：%1</translation>
    </message>
    <message>
        <source>Restore from archive</source>
        <translation>从归档库恢复</translation>
    </message>
    <message>
        <source>Delete customer</source>
        <translation>删除客户</translation>
    </message>
    <message>
        <source>Move this customer to the recycle bin? It can be restored for 30 days.</source>
        <translation>把这个客户移入回收站吗？30天内可以恢复。</translation>
    </message>
    <message>
        <source>Erase personal data</source>
        <translation>删除个人信息</translation>
    </message>
    <message>
        <source>New ticket…</source>
        <translation>新建工单…</translation>
    </message>
    <message>
        <source>Print dossier</source>
        <translation>打印档案</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>Dossier (personal data hidden)…</source>
        <translation>客户档案（个人信息隐藏）…</translation>
    </message>
    <message>
        <source>For a site visit (with address and numbers)…</source>
        <translation>上门用（含地址和电话）…</translation>
    </message>
    <message>
        <source>Delete to recycle bin…</source>
        <translation>删除（移到回收站）…</translation>
    </message>
    <message>
        <source>the address and numbers on a dossier printed for a site visit</source>
        <translation>上门用打印档案中的地址和电话</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <source>Duplicate customers</source>
        <translation>重复客户</translation>
    </message>
    <message>
        <source>Customers with the same name (ignoring 有限公司, brackets, spaces, case) or the same mobile. Tick the customer to keep, select the one to merge into it, then press Merge.</source>
        <translation>名称相同（忽略“有限公司”、括号、空格和大小写）或手机号相同的客户。勾选要保留的客户，选中要并入的客户，然后点“合并”。</translation>
    </message>
    <message>
        <source>Group / customer</source>
        <translation>分组 / 客户</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Merge selected into ticked</source>
        <translation>把选中的并入勾选的</translation>
    </message>
    <message>
        <source>Earlier merges</source>
        <translation>合并记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>保留的客户</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>被合并的客户</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Undo selected merge</source>
        <translation>撤销所选合并</translation>
    </message>
    <message>
        <source>same name</source>
        <translation>名称相同</translation>
    </message>
    <message>
        <source>same mobile</source>
        <translation>手机号相同</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Tick the customer to keep first.</source>
        <translation>请先勾选要保留的客户。</translation>
    </message>
    <message>
        <source>Merge %1 into %2? Every contact, order, ticket, interaction and survey moves over; the merge can be undone.</source>
        <translation>把“%1”合并到“%2”吗？所有联系人、交易、工单、互动和调查都会转过去；合并可以撤销。</translation>
    </message>
</context>
<context>
    <name>EquipmentDialog</name>
    <message>
        <source>New machine</source>
        <translation>新增设备</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>As on the nameplate, e.g. LC3015-22071</source>
        <translation>按铭牌填写，如 LC3015-22071</translation>
    </message>
    <message>
        <source>Only when it differs from the customer&apos;s address</source>
        <translation>与客户地址不同时填写</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Product model *</source>
        <translation>产品型号 *</translation>
    </message>
    <message>
        <source>Serial number *</source>
        <translation>序列号 *</translation>
    </message>
    <message>
        <source>Install date</source>
        <translation>安装日期</translation>
    </message>
    <message>
        <source>Site address</source>
        <translation>安装地址</translation>
    </message>
    <message>
        <source>Warranty and maintenance contract</source>
        <translation>保修与维保合同</translation>
    </message>
    <message>
        <source>or</source>
        <translation>或</translation>
    </message>
    <message>
        <source>months from install</source>
        <translation>个月（自安装日期起）</translation>
    </message>
    <message>
        <source>Warranty until</source>
        <translation>保修期至</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Contract no.</source>
        <translation>维保合同号</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Contract period</source>
        <translation>合同期</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>More details</source>
        <translation>更多信息</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Cover then</source>
        <translation>当时保修</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Service history</source>
        <translation>维修记录</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Machine %1</source>
        <translation>设备 %1</translation>
    </message>
    <message>
        <source>Service history (%1)</source>
        <translation>维修记录（%1）</translation>
    </message>
    <message>
        <source>Attachments (%1)</source>
        <translation>附件（%1）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Installed on</source>
        <translation>安装日期</translation>
    </message>
    <message>
        <source>Warranty months</source>
        <translation>保修月数</translation>
    </message>
    <message>
        <source>Contract number</source>
        <translation>合同编号</translation>
    </message>
    <message>
        <source>Contract start</source>
        <translation>合同开始</translation>
    </message>
    <message>
        <source>Contract end</source>
        <translation>合同到期</translation>
    </message>
    <message>
        <source>Service level</source>
        <translation>服务级别</translation>
    </message>
    <message>
        <source>Custom fields</source>
        <translation>自定义字段</translation>
    </message>
</context>
<context>
    <name>EquipmentPage</name>
    <message>
        <source>New machine…</source>
        <translation>新增设备…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>产品型号</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>安装日期</translation>
    </message>
    <message>
        <source>Warranty</source>
        <translation>保修状态</translation>
    </message>
    <message>
        <source>Maintenance contract</source>
        <translation>维保合同</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单数</translation>
    </message>
    <message>
        <source>Last ticket</source>
        <translation>最近报修</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Cover then</source>
        <translation>当时保修</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Service history: no machine chosen</source>
        <translation>维修记录：请选择一台设备</translation>
    </message>
    <message>
        <source>Service history of %1: %2 ticket(s)</source>
        <translation>%1 的维修记录：%2 张工单</translation>
    </message>
    <message>
        <source>Delete machine</source>
        <translation>删除设备</translation>
    </message>
    <message>
        <source>Move %1 to the recycle bin? Its tickets keep naming it.</source>
        <translation>把 %1 移入回收站？它的工单仍会记录这台设备。</translation>
    </message>
</context>
<context>
    <name>EquipmentReportPage</name>
    <message>
        <source>Tickets about a machine</source>
        <translation>设备工单</translation>
    </message>
    <message>
        <source>Repeat faults within 30 days</source>
        <translation>30 天内重复故障</translation>
    </message>
    <message>
        <source>Share in warranty or under contract</source>
        <translation>保内（含维保合同）占比</translation>
    </message>
    <message>
        <source>Product model</source>
        <translation>产品型号</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Faults</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>Machines</source>
        <translation>设备数</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>重复次数</translation>
    </message>
    <message>
        <source>Faults in period</source>
        <translation>本期故障</translation>
    </message>
    <message>
        <source>Tickets by the machine&apos;s cover that day</source>
        <translation>按受理当天保修状态的工单</translation>
    </message>
    <message>
        <source>Tickets by product model</source>
        <translation>按产品型号的工单</translation>
    </message>
    <message>
        <source>Machines back with a fault within 30 days</source>
        <translation>30 天内再次报修故障的设备</translation>
    </message>
    <message>
        <source>%1 ticket(s) of the period name no machine; they are not counted here.</source>
        <translation>本期另有 %1 张工单未关联设备，不计入此页。</translation>
    </message>
</context>
<context>
    <name>ExcelActions</name>
    <message>
        <source>Save Excel template</source>
        <translation>保存 Excel 模板</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Template saved: %1</source>
        <translation>模板已保存：%1</translation>
    </message>
    <message>
        <source>New Excel &amp;template</source>
        <translation>下载 Excel 模板(&amp;T)</translation>
    </message>
    <message>
        <source>Empty workbook with drop-down lists and instructions, ready to import</source>
        <translation>带下拉选项和填写说明的空白表格，填好即可导入</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户档案</translation>
    </message>
    <message>
        <source>Service tickets</source>
        <translation>服务工单</translation>
    </message>
    <message>
        <source>Interactions</source>
        <translation>互动记录</translation>
    </message>
    <message>
        <source>Customer tiers</source>
        <translation>客户分层</translation>
    </message>
    <message>
        <source>Change log</source>
        <translation>变更记录</translation>
    </message>
    <message>
        <source>Satisfaction surveys</source>
        <translation>满意度调查</translation>
    </message>
    <message>
        <source>Equipment register</source>
        <translation>设备台账</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Mask personal data (mobile, phone, e-mail, address)</source>
        <translation>隐藏个人信息（手机、电话、邮箱、地址）</translation>
    </message>
    <message>
        <source>Personal data is written in full; the export is audited.</source>
        <translation>个人信息将完整导出；本次导出会被记录。</translation>
    </message>
    <message>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Everything in the database</source>
        <translation>数据库中的全部记录</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>导出范围</translation>
    </message>
    <message numerus="yes">
        <source>The list as filtered (%n row(s))</source>
        <translation>
            <numerusform>当前列表的筛选结果（%n 条）</numerusform>
        </translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>请选择要保存的文件。</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 已存在，要替换吗？</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>正在导出%1…</translation>
    </message>
    <message>
        <source>The export was cancelled; no file was written.</source>
        <translation>导出已取消，没有写入文件。</translation>
    </message>
    <message>
        <source>%1 rows written to %2.</source>
        <translation>已写入 %1 行到 %2。</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
</context>
<context>
    <name>FieldDialog</name>
    <message>
        <source>New field for %1</source>
        <translation>为%1新增字段</translation>
    </message>
    <message>
        <source>Field “%1”</source>
        <translation>字段“%1”</translation>
    </message>
    <message>
        <source>e.g. 经销商, 验收日期</source>
        <translation>例如 经销商、验收日期</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>One value per line, in the order of the list</source>
        <translation>每行一个可选值，按列表中的顺序</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>可选值</translation>
    </message>
    <message>
        <source>Required for new records</source>
        <translation>新建记录时必填</translation>
    </message>
    <message>
        <source>Records saved before the field existed stay editable without it; a value once filled in cannot be cleared</source>
        <translation>字段添加之前的记录不填也能修改；已填写的值不能清空</translation>
    </message>
    <message>
        <source>Sensitive personal data (encrypted, hidden in lists)</source>
        <translation>敏感个人信息（加密保存，列表中隐藏）</translation>
    </message>
    <message>
        <source>A sensitive field is stored encrypted like mobiles and addresses, shown as **** in lists and exports with masking, and it cannot be sorted or filtered by its values (only as empty or filled in).</source>
        <translation>敏感字段像手机号和地址一样加密保存，在列表和脱敏导出中显示为 ****，不能排序，也不能按值筛选（只能按“未填”或“已填”筛选）。</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>An Excel workbook (.xlsx, .xlsm, .xls) or a CSV file, such as an old ledger.</source>
        <translation>Excel 工作簿（.xlsx、.xlsm、.xls）或 CSV 文件，例如以前的客户台账。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Detect from the headers</source>
        <translation>根据表头自动识别</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Service tickets</source>
        <translation>服务工单</translation>
    </message>
    <message>
        <source>Interactions</source>
        <translation>互动记录</translation>
    </message>
    <message>
        <source>Satisfaction surveys</source>
        <translation>满意度调查</translation>
    </message>
    <message>
        <source>Equipment register</source>
        <translation>设备台账</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <source>Text encoding (CSV)</source>
        <translation>文本编码（CSV）</translation>
    </message>
    <message>
        <source>Import from Excel</source>
        <translation>从 Excel 导入</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.xlsm *.xls *.csv);;All files (*)</source>
        <translation>电子表格 (*.xlsx *.xlsm *.xls *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The headers look like: %1</source>
        <translation>表头看起来是：%1</translation>
    </message>
    <message>
        <source>Recognised as: %1</source>
        <translation>识别为：%1</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <source>(nobody yet)</source>
        <translation>（暂未指定）</translation>
    </message>
    <message>
        <source>New follow-up</source>
        <translation>新建跟进</translation>
    </message>
    <message>
        <source>Edit follow-up</source>
        <translation>编辑跟进</translation>
    </message>
    <message>
        <source>Planned automatically; once you change it, the plan leaves it as you set it.</source>
        <translation>由跟进节奏自动安排；您修改后，系统将保留您的设置。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Choose a customer: type part of its name, code or phone and pick it.</source>
        <translation>请选择客户：输入名称、编号或电话的一部分，然后从列表中选取。</translation>
    </message>
    <message>
        <source>That day is not a working day: moved to %1.</source>
        <translation>该日不是工作日，已顺延到 %1。</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>计划时间</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Customer *</source>
        <translation>客户 *</translation>
    </message>
    <message>
        <source>Code, name, contact or the last 4 digits of a phone</source>
        <translation>编号、名称、联系人或电话后 4 位</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Date and time *</source>
        <translation>日期时间 *</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Purpose *</source>
        <translation>目的 *</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Discard what you typed?</source>
        <translation>放弃已输入的内容？</translation>
    </message>
    <message>
        <source>What you typed in this form is not saved yet. Close it and lose it?</source>
        <translation>这张表里输入的内容还没有保存。关闭后这些内容会丢失，确定放弃吗？</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>继续编辑</translation>
    </message>
</context>
<context>
    <name>GreetingListDialog</name>
    <message>
        <source>Greeting list — %1 %2</source>
        <translation>问候名单 — %1 %2</translation>
    </message>
    <message>
        <source>Strategic and core customers also have a follow-up each in Today.</source>
        <translation>战略和核心客户在“今日”中各有一条跟进任务。</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Greeting</source>
        <translation>问候语</translation>
    </message>
    <message>
        <source>Copy this list</source>
        <translation>复制名单</translation>
    </message>
</context>
<context>
    <name>IcsDialog</name>
    <message>
        <source>Export to calendar (.ics)</source>
        <translation>导出到日历（.ics）</translation>
    </message>
    <message>
        <source>Include done and skipped follow-ups</source>
        <translation>包括已完成和已跳过的跟进</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>The calendar&apos;s filters apply. No phone numbers are written.</source>
        <translation>按日历当前的筛选条件导出，不写入电话号码。</translation>
    </message>
</context>
<context>
    <name>ImportActions</name>
    <message>
        <source>Import &amp;history…</source>
        <translation>导入记录(&amp;H)…</translation>
    </message>
</context>
<context>
    <name>ImportHistoryDialog</name>
    <message>
        <source>Import history</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Service tickets</source>
        <translation>服务工单</translation>
    </message>
    <message>
        <source>Interactions</source>
        <translation>互动记录</translation>
    </message>
    <message>
        <source>Satisfaction surveys</source>
        <translation>满意度调查</translation>
    </message>
    <message>
        <source>Equipment register</source>
        <translation>设备台账</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Undo this import</source>
        <translation>撤销这次导入</translation>
    </message>
    <message>
        <source>Undone on %1</source>
        <translation>已于 %1 撤销</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Undo import batch %1 (%2)? The records it created are deleted and the customers it updated get their previous values back.</source>
        <translation>要撤销第 %1 批导入（%2）吗？这批新建的记录会被删除，被更新的客户会恢复原来的值。</translation>
    </message>
    <message>
        <source>Import batch %1 was undone.</source>
        <translation>第 %1 批导入已撤销。</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import from Excel</source>
        <translation>从 Excel 导入</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
</context>
<context>
    <name>ImprovementDialog</name>
    <message>
        <source>Improvement action</source>
        <translation>改进措施</translation>
    </message>
    <message>
        <source>What will be done about it</source>
        <translation>将采取的措施</translation>
    </message>
    <message>
        <source>(nobody yet)</source>
        <translation>（暂未指定）</translation>
    </message>
    <message>
        <source>Due by</source>
        <translation>完成期限</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>完成日期</translation>
    </message>
    <message>
        <source>Say what the item is.</source>
        <translation>请填写问题项。</translation>
    </message>
</context>
<context>
    <name>KnowledgeDialog</name>
    <message>
        <source>Knowledge base</source>
        <translation>知识库</translation>
    </message>
    <message>
        <source>Search title, problem, solution, keywords</source>
        <translation>搜索标题、问题、解决方案、关键词</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>From ticket</source>
        <translation>来源工单</translation>
    </message>
    <message>
        <source>(any)</source>
        <translation>（不限）</translation>
    </message>
    <message>
        <source>Words and codes callers use, e.g. E05 报警</source>
        <translation>客户常说的词和代码，如 E05 报警</translation>
    </message>
    <message>
        <source>Title *</source>
        <translation>标题 *</translation>
    </message>
    <message>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Solution *</source>
        <translation>解决方案 *</translation>
    </message>
    <message>
        <source>New article</source>
        <translation>新建文章</translation>
    </message>
    <message>
        <source>Save article</source>
        <translation>保存文章</translation>
    </message>
    <message>
        <source>Delete article</source>
        <translation>删除文章</translation>
    </message>
    <message numerus="yes">
        <source>%n article(s)</source>
        <translation>
            <numerusform>共 %n 篇文章</numerusform>
        </translation>
    </message>
    <message>
        <source>Made from ticket %1</source>
        <translation>由工单 %1 转入</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Delete the article “%1”?</source>
        <translation>删除文章“%1”？</translation>
    </message>
</context>
<context>
    <name>KpiCard</name>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>%1 pp</source>
        <translation>%1 个百分点</translation>
    </message>
    <message>
        <source>Click to see what is behind this number</source>
        <translation>点击查看这个数字背后的明细</translation>
    </message>
    <message>
        <source>vs. previous: %1</source>
        <translation>较上期：%1</translation>
    </message>
    <message>
        <source>Target %1</source>
        <translation>目标 %1</translation>
    </message>
    <message>
        <source>Target %1 — met</source>
        <translation>目标 %1 — 达标</translation>
    </message>
    <message>
        <source>Target %1 — missed</source>
        <translation>目标 %1 — 未达标</translation>
    </message>
</context>
<context>
    <name>KpiDetailDialog</name>
    <message>
        <source>How it is counted: %1</source>
        <translation>计算方法：%1</translation>
    </message>
    <message>
        <source>Double-click a line to open it.</source>
        <translation>双击一行打开。</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>共 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>, of which %1 count (%2)</source>
        <translation>，其中计入 %1 项（%2）</translation>
    </message>
    <message>
        <source>; the first %1 are listed</source>
        <translation>；列出前 %1 项</translation>
    </message>
</context>
<context>
    <name>LineChart</name>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
</context>
<context>
    <name>ListsPanel</name>
    <message>
        <source>Add improvement action…</source>
        <translation>添加改进措施…</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Low scores</source>
        <translation>低分项</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>意见建议</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Low-score surveys</source>
        <translation>低分调查</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>标记为完成</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Improvement list</source>
        <translation>改进清单</translation>
    </message>
    <message>
        <source>%1 surveys with a dimension below 4</source>
        <translation>%1 份调查有低于 4 分的维度</translation>
    </message>
    <message>
        <source> (the lowest %1 shown)</source>
        <translation>（显示最低的 %1 份）</translation>
    </message>
    <message>
        <source>%1 items, %2 open (open items carry over to the next report)</source>
        <translation>共 %1 项，未完成 %2 项（未完成项将延续到下期报告）</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Carried over</source>
        <translation>上期延续</translation>
    </message>
</context>
<context>
    <name>LogCallDialog</name>
    <message>
        <source>Log a call — %1</source>
        <translation>记录通话 — %1</translation>
    </message>
    <message>
        <source>Complete follow-up — %1</source>
        <translation>完成跟进 — %1</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Summary *</source>
        <translation>沟通内容摘要 *</translation>
    </message>
    <message>
        <source>Customer feedback</source>
        <translation>客户反馈</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步计划</translation>
    </message>
    <message>
        <source>Plan the next follow-up</source>
        <translation>安排下一次跟进</translation>
    </message>
    <message>
        <source>Next follow-up</source>
        <translation>下次跟进</translation>
    </message>
    <message>
        <source>follow-up: %1</source>
        <translation>跟进：%1</translation>
    </message>
    <message>
        <source>logging a call</source>
        <translation>记录通话</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>拨打</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>CRMDesk Service Desk</source>
        <translation>客户服务台</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户档案</translation>
    </message>
    <message>
        <source>Ticket board</source>
        <translation>工单看板</translation>
    </message>
    <message>
        <source>Follow-up calendar</source>
        <translation>跟进日历</translation>
    </message>
    <message>
        <source>Satisfaction &amp; reports</source>
        <translation>满意度报表</translation>
    </message>
    <message>
        <source>Who is working at this PC: recorded as the operator of every change</source>
        <translation>当前在这台电脑上操作的人：每次修改都会记录为变更人</translation>
    </message>
    <message>
        <source>Current user:</source>
        <translation>当前用户：</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Import from Excel…</source>
        <translation>从 Excel 导入(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export to Excel…</source>
        <translation>导出到 Excel(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Restore from backup…</source>
        <translation>从备份恢复(&amp;R)…</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Tickets</source>
        <translation>工单(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;New ticket…</source>
        <translation>新建工单(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Knowledge base…</source>
        <translation>知识库(&amp;K)…</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Working calendar…</source>
        <translation>工作日历(&amp;W)…</translation>
    </message>
    <message>
        <source>Follow-up &amp;capacity…</source>
        <translation>跟进容量(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Departments and routing…</source>
        <translation>部门与分派(&amp;D)…</translation>
    </message>
    <message>
        <source>Export service &amp;policy…</source>
        <translation>导出服务规范(&amp;P)…</translation>
    </message>
    <message>
        <source>Custom &amp;fields…</source>
        <translation>自定义字段(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About CRMDesk</source>
        <translation>关于客户服务台(&amp;A)</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>Customers: %1</source>
        <translation>客户：%1</translation>
    </message>
    <message>
        <source>Open tickets: %1</source>
        <translation>未结工单：%1</translation>
    </message>
    <message>
        <source>Follow-ups due: %1</source>
        <translation>待跟进：%1</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Column mapping</source>
        <translation>列对应</translation>
    </message>
    <message>
        <source>Choose what each column of the file holds. Fields marked * are required.</source>
        <translation>请选择文件中每一列对应的字段。带 * 的为必填字段。</translation>
    </message>
    <message>
        <source>Save as preset…</source>
        <translation>另存为方案…</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Suggested from the headers</source>
        <translation>按表头推荐</translation>
    </message>
    <message>
        <source>(ignore)</source>
        <translation>（忽略）</translation>
    </message>
    <message>
        <source>Several columns are mapped to %1; keep one.</source>
        <translation>有多列对应到“%1”，请只保留一列。</translation>
    </message>
    <message>
        <source>No column for %1.</source>
        <translation>没有列对应到“%1”。</translation>
    </message>
    <message>
        <source>Save as preset</source>
        <translation>另存为方案</translation>
    </message>
    <message>
        <source>Name of the preset:</source>
        <translation>方案名称：</translation>
    </message>
    <message>
        <source>Recognised as: %1. The columns are mapped for you; columns that mean nothing here are ignored, the others without a field of their own go to the notes.</source>
        <translation>识别为：%1。已按表头自动对应各列；在本系统中没有意义的列已忽略，其余没有对应字段的列写入备注。</translation>
    </message>
</context>
<context>
    <name>NewPassphraseDialog</name>
    <message>
        <source>Choose a passphrase</source>
        <translation>设置口令</translation>
    </message>
    <message>
        <source>The passphrase will be asked for each time CRMDesk starts on this computer. At least %1 characters; the same minimum applies to CRMDESK_PASSPHRASE for scheduled tasks.</source>
        <translation>每次在这台电脑上启动客户服务台时都需要输入口令。至少 %1 个字符；计划任务使用的 CRMDESK_PASSPHRASE 也有同样的要求。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <source>The passphrase needs at least %1 characters.</source>
        <translation>口令至少需要 %1 个字符。</translation>
    </message>
    <message>
        <source>No passphrase chosen</source>
        <translation>未设置口令</translation>
    </message>
    <message>
        <source>CRMDesk stores customers&apos; personal data only encrypted, and on this computer (which has no key store) the key needs a passphrase. Nothing was stored; CRMDesk closes now.

To continue, start CRMDesk again and choose a passphrase of at least %1 characters. Scheduled tasks set CRMDESK_PASSPHRASE instead.</source>
        <translation>客户服务台只以加密方式保存客户的个人信息；这台电脑没有系统密钥库，密钥需要用口令保护。目前没有保存任何内容，客户服务台现在将关闭。

如需继续，请重新启动客户服务台并设置至少 %1 个字符的口令。计划任务请改为设置 CRMDESK_PASSPHRASE。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <source>Holiday arrangement</source>
        <translation>放假安排</translation>
    </message>
    <message>
        <source>Paste the text of the notice (国务院办公厅关于…年部分节假日安排的通知):</source>
        <translation>粘贴放假通知的正文（国务院办公厅关于…年部分节假日安排的通知）：</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Read the notice</source>
        <translation>识别通知</translation>
    </message>
    <message>
        <source>The calendar the notice gives appears here for checking.</source>
        <translation>识别后，通知给出的日历显示在这里，请核对。</translation>
    </message>
    <message>
        <source>Festival</source>
        <translation>节日</translation>
    </message>
    <message>
        <source>Days off</source>
        <translation>放假</translation>
    </message>
    <message>
        <source>Make-up working days</source>
        <translation>调休上班</translation>
    </message>
    <message>
        <source>From the file %1</source>
        <translation>来自文件 %1</translation>
    </message>
    <message>
        <source>%1: %2 day(s) off, %3 make-up working day(s). Check them on the calendar, then save.</source>
        <translation>%1年：放假 %2 天，调休上班 %3 天。请在日历上核对后保存。</translation>
    </message>
</context>
<context>
    <name>OperatorDialog</name>
    <message>
        <source>I am…</source>
        <translation>我是…</translation>
    </message>
    <message>
        <source>Who is working at this computer? Every ticket, call and change you save is recorded under this name. You can change it later in the status bar (Current user).</source>
        <translation>谁在这台电脑上工作？您保存的每张工单、每次通话和每处修改都记在这个名字下。以后可以在状态栏的“当前用户”处更换。</translation>
    </message>
    <message>
        <source>Nobody is on the staff list yet: add yourself first.</source>
        <translation>员工名单还是空的：请先添加您自己。</translation>
    </message>
    <message>
        <source>Add a colleague…</source>
        <translation>添加同事…</translation>
    </message>
    <message>
        <source>Quit CRMDesk</source>
        <translation>退出客户服务台</translation>
    </message>
</context>
<context>
    <name>OrgDialog</name>
    <message>
        <source>Departments and routing</source>
        <translation>部门与分派</translation>
    </message>
    <message>
        <source>Departments</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Routing rules</source>
        <translation>分派规则</translation>
    </message>
    <message>
        <source>Responsibilities (RACI)</source>
        <translation>职责分工（RACI）</translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <source>Pause</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>Waiting for</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>E.g. the part ordered, the information asked for</source>
        <translation>如：已订购的备件、需客户提供的信息</translation>
    </message>
    <message>
        <source>The resolution clock stops until the ticket is resumed.</source>
        <translation>挂起期间暂停解决时限计时，恢复后继续。</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>共 %n 页</numerusform>
        </translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>无法启动打印机。</translation>
    </message>
    <message>
        <source>Save PDF as</source>
        <translation>PDF 另存为</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Check before importing</source>
        <translation>导入前检查</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Read ambiguous dates such as 03/05/2024 day first (3 May)</source>
        <translation>有歧义的日期（如 03/05/2024）按“日/月”读取（5月3日）</translation>
    </message>
    <message>
        <source>Create the customers that do not exist yet</source>
        <translation>自动新建尚不存在的客户</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>正在检查 %1…</translation>
    </message>
    <message>
        <source>The check was cancelled. Click &apos;Check again&apos; to start it again.</source>
        <translation>检查已取消。点“重新检查”可再次开始。</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was written.</source>
        <translation>导入已取消，没有写入任何数据。</translation>
    </message>
    <message>
        <source>Nothing has been written yet. Rows with errors are not imported; values that cannot be read are left out of their row. Both go to a workbook you can fix and import again.</source>
        <translation>尚未写入任何数据。有错误的行不会导入；无法识别的值会从该行中略去。两者都会写入一个工作簿，修改后可以再次导入。</translation>
    </message>
    <message>
        <source>With warnings</source>
        <translation>有警告的行</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Imported as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <source>Name in the file</source>
        <translation>文件中的姓名</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Becomes</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <source>Row details</source>
        <translation>行详情</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列的对应</translation>
    </message>
    <message>
        <source>New staff</source>
        <translation>新员工</translation>
    </message>
    <message>
        <source>New %1 · Update %2 · Duplicate %3 · Error %4 · Warnings %5</source>
        <translation>新增 %1 · 更新 %2 · 重复 %3 · 错误 %4 · 警告 %5</translation>
    </message>
    <message>
        <source>%1 dates could be read two ways (month/day or day/month); they are left out of their rows unless you tick &apos;day first&apos;.</source>
        <translation>有 %1 个日期可以有两种读法（月/日 或 日/月）；除非勾选“按日/月读取”，这些日期不会导入。</translation>
    </message>
    <message>
        <source>Recognised as: %1 — every column was mapped from its header; see the tab Columns.</source>
        <translation>识别为：%1——已按表头自动对应各列，详见下方“列的对应”。</translation>
    </message>
    <message>
        <source>the notes (%1)</source>
        <translation>写入备注（%1）</translation>
    </message>
    <message>
        <source>ignored: means nothing here</source>
        <translation>忽略：在本系统中没有意义</translation>
    </message>
    <message>
        <source>not imported (map it on the previous page)</source>
        <translation>未导入（可在上一步指定对应字段）</translation>
    </message>
    <message>
        <source>New staff member</source>
        <translation>新建员工</translation>
    </message>
    <message>
        <source>Leave out (name kept in the notes)</source>
        <translation>不设为员工（姓名记入备注）</translation>
    </message>
    <message>
        <source>Existing: %1</source>
        <translation>已有员工：%1</translation>
    </message>
    <message>
        <source>New staff (%1)</source>
        <translation>新员工（%1）</translation>
    </message>
    <message>
        <source>Row %1 of the file: %2</source>
        <translation>文件第 %1 行：%2</translation>
    </message>
    <message>
        <source>Nothing to say: the row is imported as shown.</source>
        <translation>无需说明：此行按所示内容导入。</translation>
    </message>
</context>
<context>
    <name>QProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RaciEditor</name>
    <message>
        <source>R responsible (does the work) · A accountable (answers for it) · C consulted · I informed. Printed in the service policy (设置 → 导出服务规范).</source>
        <translation>R 负责（具体执行）· A 批准（最终负责）· C 咨询 · I 知会。印入服务规范（设置 → 导出服务规范）。</translation>
    </message>
    <message>
        <source>Save matrix</source>
        <translation>保存职责分工</translation>
    </message>
    <message>
        <source>Back to the suggested letters</source>
        <translation>恢复建议值</translation>
    </message>
    <message>
        <source>Export service policy…</source>
        <translation>导出服务规范…</translation>
    </message>
    <message>
        <source>Responsibility matrix saved</source>
        <translation>职责分工已保存</translation>
    </message>
    <message>
        <source>Export service policy</source>
        <translation>导出服务规范</translation>
    </message>
    <message>
        <source>Service policy written to %1</source>
        <translation>服务规范已保存到 %1</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <source>Recovery code</source>
        <translation>恢复码</translation>
    </message>
    <message>
        <source>The key is kept in this computer&apos;s key store.</source>
        <translation>密钥保存在本机的系统密钥库中。</translation>
    </message>
    <message>
        <source>This computer has no key store: the key is kept only under the passphrase you chose, which CRMDesk asks for at each start.</source>
        <translation>这台电脑没有系统密钥库：密钥只用您设定的口令保护，每次启动客户服务台时都要输入该口令。</translation>
    </message>
    <message>
        <source>Customers&apos; mobiles, phones, e-mails, WeChat IDs, addresses, birthdays and confidential notes are stored encrypted.</source>
        <translation>客户的手机、电话、邮箱、微信号、地址、生日和机密备注都是加密保存的。</translation>
    </message>
    <message>
        <source>To open a backup on another PC, or if the passphrase is forgotten, you will need this recovery code. It is shown only now: print it or write it down and keep it somewhere safe.</source>
        <translation>在其他电脑上打开备份，或忘记口令时，需要这个恢复码。恢复码只显示这一次：请打印或抄写下来，妥善保管。</translation>
    </message>
    <message>
        <source>Save recovery sheet (PDF) to print…</source>
        <translation>保存恢复码单（PDF）以便打印…</translation>
    </message>
    <message>
        <source>I have printed or written down the recovery code</source>
        <translation>我已打印或抄写了恢复码</translation>
    </message>
    <message>
        <source>Save recovery sheet</source>
        <translation>保存恢复码单</translation>
    </message>
</context>
<context>
    <name>RecycleBinDialog</name>
    <message>
        <source>Recycle bin</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除时间</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
</context>
<context>
    <name>RegistryModel</name>
    <message>
        <source>Code</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>客户类型</translation>
    </message>
    <message>
        <source>Importance</source>
        <translation>重要等级</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>客户层级</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>所属行业</translation>
    </message>
    <message>
        <source>Primary contact</source>
        <translation>主联系人</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Account manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>风险</translation>
    </message>
</context>
<context>
    <name>ReopenDialog</name>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>What came back (optional)</source>
        <translation>问题复现情况（可选）</translation>
    </message>
    <message>
        <source>The ticket goes back to “In progress”; the reopen is counted.</source>
        <translation>工单退回“处理”阶段，并计入重开次数。</translation>
    </message>
</context>
<context>
    <name>ReportsTab</name>
    <message>
        <source>Satisfaction (CSAT, 1–5)</source>
        <translation>满意度（1–5分）</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>近12个月</translation>
    </message>
    <message>
        <source>Satisfaction (CSAT, 1–5), last 12 months</source>
        <translation>近 12 个月满意度（1–5分）</translation>
    </message>
    <message>
        <source>Mean response and resolution time (hours)</source>
        <translation>平均响应与解决时长（小时）</translation>
    </message>
    <message>
        <source>Tickets by category</source>
        <translation>工单问题类型分布</translation>
    </message>
    <message>
        <source>Customers by tier</source>
        <translation>客户层级分布</translation>
    </message>
    <message>
        <source>Mean score per dimension</source>
        <translation>各维度平均分</translation>
    </message>
    <message>
        <source>Trends and breakdowns</source>
        <translation>趋势与分布</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>CSAT</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Score (of 100)</source>
        <translation>百分制得分</translation>
    </message>
    <message>
        <source>On-time response</source>
        <translation>响应及时率</translation>
    </message>
    <message>
        <source>On-time resolution</source>
        <translation>解决及时率</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>满意度调查</translation>
    </message>
    <message>
        <source>One-time resolution</source>
        <translation>一次解决率</translation>
    </message>
    <message>
        <source>Low scores and improvements</source>
        <translation>低分与改进</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>People and departments</source>
        <translation>人员与部门</translation>
    </message>
    <message>
        <source>This month to date (until %1)</source>
        <translation>本月至今（截至 %1）</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Custom dates</source>
        <translation>自定义日期</translation>
    </message>
    <message>
        <source>Q%1</source>
        <translation>第 %1 季度</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Record survey…</source>
        <translation>录入满意度调查…</translation>
    </message>
    <message>
        <source>Service report (PDF)…</source>
        <translation>月度服务报告（PDF）…</translation>
    </message>
    <message>
        <source>Data health report (PDF)…</source>
        <translation>现状诊断报告（PDF）…</translation>
    </message>
    <message>
        <source>with the service policy</source>
        <translation>附服务规范</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <source>Tickets received</source>
        <translation>受理工单</translation>
    </message>
    <message>
        <source>Tickets resolved</source>
        <translation>解决工单</translation>
    </message>
    <message>
        <source>Resolution rate</source>
        <translation>解决率</translation>
    </message>
    <message>
        <source>Click a number, a point or a bar to see the tickets, surveys or customers behind it.</source>
        <translation>点击任一指标、折线上的点或柱子，可查看其背后的工单、调查或客户。</translation>
    </message>
    <message>
        <source>Key figures</source>
        <translation>关键指标</translation>
    </message>
    <message>
        <source>Resolution, on-time and one-time rates (%)</source>
        <translation>解决率、及时率与一次解决率（%）</translation>
    </message>
    <message>
        <source>Mean first response</source>
        <translation>平均首次响应</translation>
    </message>
    <message>
        <source>Mean resolution time</source>
        <translation>平均解决时长</translation>
    </message>
    <message>
        <source>Complaints on time</source>
        <translation>投诉处理及时率</translation>
    </message>
    <message>
        <source>Callbacks completed</source>
        <translation>回访完成率</translation>
    </message>
    <message>
        <source>Satisfaction (of 100)</source>
        <translation>满意度（百分制）</translation>
    </message>
    <message>
        <source>Low-score surveys</source>
        <translation>低分调查占比</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新增客户</translation>
    </message>
    <message>
        <source>Churn rate</source>
        <translation>客户流失率</translation>
    </message>
    <message>
        <source>%1, compared with %2</source>
        <translation>%1，对比 %2</translation>
    </message>
    <message>
        <source>First response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>本期</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上期</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户档案</translation>
    </message>
    <message>
        <source>Building %1…</source>
        <translation>正在生成%1…</translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <source>Resolve</source>
        <translation>反馈（已解决）</translation>
    </message>
    <message>
        <source>What was done, as told to the customer</source>
        <translation>处理结果（告知客户的内容）</translation>
    </message>
    <message>
        <source>Solution *</source>
        <translation>解决方案 *</translation>
    </message>
    <message>
        <source>Root cause *</source>
        <translation>根本原因 *</translation>
    </message>
    <message>
        <source>Resolved at the first attempt</source>
        <translation>一次解决</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Choose a backup</source>
        <translation>选择备份</translation>
    </message>
    <message>
        <source>CRMDesk backups (*.db)</source>
        <translation>客户服务台备份 (*.db)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Choose a backup. It is checked before anything changes, and the current database is kept as a copy in the backups folder before it is replaced.</source>
        <translation>请选择一个备份。恢复前会先检查备份；当前数据库在被替换前会复制一份保存在备份文件夹中。</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Backups folder: %1</source>
        <translation>备份文件夹：%1</translation>
    </message>
    <message>
        <source>Other file…</source>
        <translation>其他文件…</translation>
    </message>
    <message>
        <source>Selected backup</source>
        <translation>所选备份</translation>
    </message>
    <message>
        <source>Schema version</source>
        <translation>数据结构版本</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Interactions</source>
        <translation>互动记录</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>满意度调查</translation>
    </message>
    <message>
        <source>Integrity</source>
        <translation>完整性</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <source>daily</source>
        <translation>每日</translation>
    </message>
    <message>
        <source>monthly</source>
        <translation>每月</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>before a restore</source>
        <translation>恢复前</translation>
    </message>
    <message>
        <source>before an upgrade</source>
        <translation>升级前</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>There are no backups in the backups folder yet. Use “Other file…” to choose one elsewhere.</source>
        <translation>备份文件夹中还没有备份。可以用“其他文件…”选择别处的备份。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>OK: a sound CRMDesk backup</source>
        <translation>正常：完好的客户服务台备份</translation>
    </message>
    <message>
        <source>Press Restore to replace the current database with this backup.</source>
        <translation>点“恢复”用这个备份替换当前数据库。</translation>
    </message>
    <message>
        <source>Cannot be restored</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <source>%1 cannot be restored: %2</source>
        <translation>%1 无法恢复：%2</translation>
    </message>
    <message>
        <source>Replace the current database with the backup of %1?

Everyone must save their work first. The current database is kept as a copy in the backups folder.</source>
        <translation>要用 %1 的备份替换当前数据库吗？

请大家先保存手头的工作。当前数据库会复制一份保存在备份文件夹中。</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>正在恢复备份…</translation>
    </message>
</context>
<context>
    <name>ResultDialog</name>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
</context>
<context>
    <name>RoutingEditor</name>
    <message>
        <source>Ticket type</source>
        <translation>工单类型</translation>
    </message>
    <message>
        <source>Complaint types</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <source>Product models</source>
        <translation>产品型号</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>客户层级</translation>
    </message>
    <message>
        <source>Responsible department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <source>Pick</source>
        <translation>分派方式</translation>
    </message>
    <message>
        <source>Only role</source>
        <translation>限定角色</translation>
    </message>
    <message>
        <source>Response (h)</source>
        <translation>响应时限（小时）</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>解决时限</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>The first line that matches a new ticket decides its department and proposed person; an empty condition matches anything. 严重/重大 complaints go to the department&apos;s head. Several complaint types or models: separate them with 、</source>
        <translation>新工单按自上而下第一条条件全部满足的规则确定责任部门和建议处理人；条件留空表示不限。严重、重大投诉交由责任部门主管。多个问题类型或型号用“、”分隔。</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>新增规则</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Save rules</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <source>(any)</source>
        <translation>（不限）</translation>
    </message>
    <message>
        <source>Routing rules saved: %1</source>
        <translation>分派规则已保存：%1 条</translation>
    </message>
</context>
<context>
    <name>SafetyActions</name>
    <message>
        <source>Backup saved and verified: %1</source>
        <translation>备份已保存并校验：%1</translation>
    </message>
    <message>
        <source>Backing up the database…</source>
        <translation>正在备份数据库…</translation>
    </message>
    <message>
        <source>Daily backup saved: %1</source>
        <translation>每日备份已保存：%1</translation>
    </message>
    <message>
        <source>The daily backup failed: %1</source>
        <translation>每日备份失败：%1</translation>
    </message>
    <message>
        <source>Restored from %1.</source>
        <translation>已从 %1 恢复。</translation>
    </message>
    <message>
        <source>The previous database was kept as %1.</source>
        <translation>原数据库已保存为 %1。</translation>
    </message>
    <message>
        <source>&amp;Data check…</source>
        <translation>数据检查(&amp;D)…</translation>
    </message>
    <message>
        <source>The backup was saved and checked:
%1 (%2 MB)</source>
        <translation>备份已保存并校验：
%1（%2 MB）</translation>
    </message>
    <message>
        <source>The window backs up, restores and checks database files only for now. On the shared database use the command line:
crmdesk backup --db %1
crmdesk restore FILE --db %1
crmdesk check --db %1
(see docs/server-guide.zh.md; the daily jobs also write a snapshot every day).</source>
        <translation>窗口里的备份、恢复和数据检查目前只用于本机文件。公司服务器上的数据库请用命令行：
crmdesk backup --db %1
crmdesk restore 备份文件 --db %1
crmdesk check --db %1
（见 docs/server-guide.zh.md；每日任务每天也会自动做一份快照。）</translation>
    </message>
    <message>
        <source>On the shared database</source>
        <translation>公司服务器上的数据库</translation>
    </message>
    <message>
        <source>Second copy: %1</source>
        <translation>第二份副本：%1</translation>
    </message>
    <message>
        <source>The second copy failed: %1</source>
        <translation>第二份副本未能保存：%1</translation>
    </message>
    <message>
        <source>Backup done</source>
        <translation>备份完成</translation>
    </message>
    <message>
        <source>Backup failed</source>
        <translation>备份失败</translation>
    </message>
    <message>
        <source>Restore done</source>
        <translation>恢复完成</translation>
    </message>
</context>
<context>
    <name>ServerPasswordDialog</name>
    <message>
        <source>Password of the company server</source>
        <translation>公司服务器的密码</translation>
    </message>
    <message>
        <source>The password of %1 on the server %2 (database %3):</source>
        <translation>用户 %1 在服务器 %2（数据库 %3）上的密码：</translation>
    </message>
    <message>
        <source>CRMDesk keeps it in this PC&apos;s key store (the system&apos;s credential manager), never in a file or the database, and does not ask again until it changes.</source>
        <translation>客户服务台把密码保存在这台电脑的系统密钥库（凭据管理器）中，绝不写入文件或数据库；密码不变就不会再问。</translation>
    </message>
</context>
<context>
    <name>ServerStatus</name>
    <message>
        <source>Server: connected</source>
        <translation>服务器：已连接</translation>
    </message>
    <message>
        <source>Server: disconnected</source>
        <translation>服务器：连接中断</translation>
    </message>
    <message>
        <source>Server: under maintenance</source>
        <translation>服务器：维护中</translation>
    </message>
    <message>
        <source>Server: connecting…</source>
        <translation>服务器：正在连接…</translation>
    </message>
</context>
<context>
    <name>ServerWatch</name>
    <message>
        <source>Connected to the server again.</source>
        <translation>已重新连接到服务器。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在职</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Second backup folder</source>
        <translation>第二备份文件夹</translation>
    </message>
    <message>
        <source>Business hours</source>
        <translation>工作时间</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Firm name</source>
        <translation>公司名称</translation>
    </message>
    <message>
        <source>Current user (this PC)</source>
        <translation>当前用户（本机）</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Propose archive after</source>
        <translation>建议归档期限</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Keep deleted items</source>
        <translation>回收站保留</translation>
    </message>
    <message>
        <source>Callback retry after (working days)</source>
        <translation>联系不上时几个工作日后重试</translation>
    </message>
    <message>
        <source>Callback tries</source>
        <translation>回访最多尝试次数</translation>
    </message>
    <message>
        <source>Language (after restart)</source>
        <translation>界面语言（重启后生效）</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>改名…</translation>
    </message>
    <message>
        <source>Tier policy</source>
        <translation>客户等级策略</translation>
    </message>
    <message>
        <source>One page per tier: how a customer earns it, the service times it is promised, its follow-up cadence and the questions of its callback.</source>
        <translation>每个层级一页：客户如何达到该层级、承诺的服务时限、跟进节奏，以及回访要问的问题。</translation>
    </message>
    <message>
        <source>Service times</source>
        <translation>服务时限</translation>
    </message>
    <message>
        <source>Response: urgent/important/normal</source>
        <translation>响应时限：紧急/重要/一般</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Resolution: urgent (calendar hours)</source>
        <translation>解决时限：紧急（自然小时）</translation>
    </message>
    <message>
        <source>Resolution: important / normal</source>
        <translation>解决时限：重要 / 一般</translation>
    </message>
    <message>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <source>09:00-12:00, 13:30-18:00</source>
        <translation>09:00-12:00, 13:30-18:00</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
</context>
<context>
    <name>SheetBar</name>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>Import from Excel</source>
        <translation>从 Excel 导入</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Import from Excel…</source>
        <translation>从 Excel 导入…</translation>
    </message>
    <message>
        <source>Written to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>%1 rows: %2 added, %3 updated</source>
        <translation>共 %1 行：新增 %2，更新 %3</translation>
    </message>
</context>
<context>
    <name>SheetPage</name>
    <message>
        <source>Sheet and header row</source>
        <translation>工作表和表头行</translation>
    </message>
    <message>
        <source>The header row was found below the title; correct it if needed.</source>
        <translation>已在标题下方找到表头行；如有不对请修改。</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Header row</source>
        <translation>表头行</translation>
    </message>
    <message>
        <source>Row %1 is empty; choose one of the rows shown.</source>
        <translation>第 %1 行是空行，请选择显示的某一行。</translation>
    </message>
</context>
<context>
    <name>SkipDialog</name>
    <message>
        <source>Skip follow-up — %1</source>
        <translation>跳过跟进 — %1</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <source>Reason *</source>
        <translation>原因 *</translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <source>Staff member</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Follow-ups a working day</source>
        <translation>每日跟进上限</translation>
    </message>
    <message>
        <source>How many planned follow-ups this person can make on a working day; the lowest entry follows the firm-wide default (Settings → Follow-up capacity)</source>
        <translation>此人每个工作日能完成的计划跟进次数；调到最低一档即按全公司默认（设置 → 跟进容量）</translation>
    </message>
    <message>
        <source>firm default (%1)</source>
        <translation>公司默认（%1）</translation>
    </message>
    <message>
        <source>A new person starts on the firm-wide default; give them their own number after saving (here or in Settings → Follow-up capacity).</source>
        <translation>新员工先按全公司默认容量；保存后可在这里或“设置 → 跟进容量”中单独设置。</translation>
    </message>
    <message>
        <source>Name: required</source>
        <translation>姓名：必填</translation>
    </message>
</context>
<context>
    <name>StageColumn</name>
    <message>
        <source>Collapse this column</source>
        <translation>收起此列</translation>
    </message>
    <message>
        <source>Show the archived tickets</source>
        <translation>显示已归档工单</translation>
    </message>
    <message>
        <source>Showing the newest %1; search or filter to find others.</source>
        <translation>显示最新的 %1 张；其他工单请搜索或筛选。</translation>
    </message>
    <message>
        <source>Showing the newest %1 of %2; search or filter to find others.</source>
        <translation>显示 %2 张中最新的 %1 张；其他工单请搜索或筛选。</translation>
    </message>
</context>
<context>
    <name>SuggestionsController</name>
    <message>
        <source>Knowledge base</source>
        <translation>知识库</translation>
    </message>
    <message>
        <source>Solved ticket %1</source>
        <translation>已解决工单 %1</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Open the error workbook</source>
        <translation>打开错误工作簿</translation>
    </message>
    <message>
        <source>Rows read</source>
        <translation>读取行数</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Duplicates skipped</source>
        <translation>跳过的重复行</translation>
    </message>
    <message>
        <source>Rows with errors</source>
        <translation>有错误的行</translation>
    </message>
    <message>
        <source>Import batch</source>
        <translation>导入批次</translation>
    </message>
    <message>
        <source>A whole batch can be undone in File → Import history.</source>
        <translation>整批导入可以在“文件 → 导入记录”中撤销。</translation>
    </message>
    <message>
        <source>Rows imported with values left out</source>
        <translation>略去个别值后导入的行</translation>
    </message>
    <message>
        <source>The rejected rows (sheet 错误数据) and the values left out (sheet 警告) were written to %1, with the reason of each. Fix them in Excel or WPS and import that file again.</source>
        <translation>被拒绝的行（“错误数据”表）和未导入的值（“警告”表）已连同原因写入 %1。请在 Excel 或 WPS 中修改后重新导入该文件。</translation>
    </message>
</context>
<context>
    <name>SurveyDialog</name>
    <message>
        <source>Product quality</source>
        <translation>产品质量</translation>
    </message>
    <message>
        <source>Service response</source>
        <translation>服务响应</translation>
    </message>
    <message>
        <source>Communication</source>
        <translation>沟通效率</translation>
    </message>
    <message>
        <source>Professionalism</source>
        <translation>专业度</translation>
    </message>
    <message>
        <source>Overall satisfaction</source>
        <translation>总体满意度</translation>
    </message>
    <message>
        <source>Record a satisfaction survey</source>
        <translation>录入满意度调查</translation>
    </message>
    <message>
        <source>Code, name, contact or phone tail (2 characters or more)</source>
        <translation>编号、名称、联系人或电话尾号（至少 2 个字符）</translation>
    </message>
    <message>
        <source>Questionnaire</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>上门</translation>
    </message>
    <message>
        <source>Find customer</source>
        <translation>查找客户</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>not asked</source>
        <translation>未询问</translation>
    </message>
    <message>
        <source>The customer&apos;s comments</source>
        <translation>客户的意见建议</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>意见建议</translation>
    </message>
    <message>
        <source>Choose the customer first.</source>
        <translation>请先选择客户。</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>Choose the overall satisfaction (1–5).</source>
        <translation>请选择总体满意度（1–5 分）。</translation>
    </message>
</context>
<context>
    <name>TeamPanel</name>
    <message>
        <source>By person</source>
        <translation>按人员</translation>
    </message>
    <message>
        <source>By department</source>
        <translation>按部门</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>Mean first response</source>
        <translation>平均首次响应</translation>
    </message>
    <message>
        <source>On-time response</source>
        <translation>响应及时率</translation>
    </message>
    <message>
        <source>Mean resolution time</source>
        <translation>平均解决时长</translation>
    </message>
    <message>
        <source>On-time resolution</source>
        <translation>解决及时率</translation>
    </message>
    <message>
        <source>One-time resolution</source>
        <translation>一次解决率</translation>
    </message>
    <message>
        <source>CSAT</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>%1; in brackets: %2</source>
        <translation>%1；括号内为 %2</translation>
    </message>
    <message>
        <source>%1 (left)</source>
        <translation>%1（已离职）</translation>
    </message>
</context>
<context>
    <name>TicketCard</name>
    <message>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>%1 working days</source>
        <translation>%1 个工作日</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <source>under a minute</source>
        <translation>不到 1 分钟</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩 %1</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>超时 %1</translation>
    </message>
    <message>
        <source>Resolved %1 late</source>
        <translation>超时 %1 解决</translation>
    </message>
    <message>
        <source>Resolved in time</source>
        <translation>按时解决</translation>
    </message>
    <message>
        <source>No due time</source>
        <translation>无时限</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分派</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>Paused: %1</source>
        <translation>挂起：%1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 due %2 (%3)</source>
        <translation>%1期限 %2（%3）</translation>
    </message>
    <message>
        <source>calendar time</source>
        <translation>自然时间</translation>
    </message>
    <message>
        <source>working time</source>
        <translation>工作时间</translation>
    </message>
</context>
<context>
    <name>TicketConflict</name>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>受理渠道</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>投诉等级</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>解决方案</translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation>根本原因</translation>
    </message>
    <message>
        <source>Complaint result</source>
        <translation>投诉处理结果</translation>
    </message>
    <message>
        <source>Complaint type</source>
        <translation>投诉问题类型</translation>
    </message>
    <message>
        <source>Product model</source>
        <translation>产品型号</translation>
    </message>
    <message>
        <source>Resolved at the first attempt</source>
        <translation>一次解决</translation>
    </message>
    <message>
        <source>Custom fields</source>
        <translation>自定义字段</translation>
    </message>
</context>
<context>
    <name>TicketDialog</name>
    <message>
        <source>(find the caller first: a serial number finds both)</source>
        <translation>（先查找来电客户；输入序列号可同时找到客户和设备）</translation>
    </message>
    <message>
        <source>New ticket</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>(dispatch later)</source>
        <translation>（稍后分派）</translation>
    </message>
    <message>
        <source>Complaint type</source>
        <translation>投诉问题类型</translation>
    </message>
    <message>
        <source>Product model</source>
        <translation>产品型号</translation>
    </message>
    <message>
        <source>More details</source>
        <translation>更多信息</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>left the company</source>
        <translation>已离职</translation>
    </message>
    <message>
        <source>(no machine)</source>
        <translation>（不关联设备）</translation>
    </message>
    <message>
        <source>(no machine registered)</source>
        <translation>（该客户未登记设备）</translation>
    </message>
    <message>
        <source>Attachments (%1)</source>
        <translation>附件（%1）</translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation>工单 %1</translation>
    </message>
    <message>
        <source>Responsible department: %1</source>
        <translation>责任部门：%1</translation>
    </message>
    <message>
        <source>Stage: %1</source>
        <translation>阶段：%1</translation>
    </message>
    <message>
        <source>⏸ Paused (%1) since %2</source>
        <translation>⏸ 挂起（%1），自 %2</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>分派</translation>
    </message>
    <message>
        <source>Record the callback first (or close it after the last try).</source>
        <translation>请先登记回访结果（或在最后一次尝试后关闭回访）。</translation>
    </message>
    <message>
        <source>required: find the caller by name, code or the last digits of a mobile</source>
        <translation>必填，请按名称、编号或手机尾号查找来电客户</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Added to the knowledge base.</source>
        <translation>已收入知识库。</translation>
    </message>
    <message>
        <source>Resolved: the callback is due by %1.</source>
        <translation>已反馈：回访须在 %1 前完成。</translation>
    </message>
    <message>
        <source>Ticket %1 registered</source>
        <translation>已登记工单 %1</translation>
    </message>
    <message>
        <source>Ticket sheet %1</source>
        <translation>服务工单 %1</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>服务工单</translation>
    </message>
    <message>
        <source>Print ticket sheet</source>
        <translation>打印工单</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>来电客户</translation>
    </message>
    <message>
        <source>Customer *</source>
        <translation>客户 *</translation>
    </message>
    <message>
        <source>Name, code, the last 4+ digits of a mobile, or a serial number</source>
        <translation>客户名称、编号、手机尾号（4 位以上）或设备序列号</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>受理渠道</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Complaint severity</source>
        <translation>投诉等级</translation>
    </message>
    <message>
        <source>Description *</source>
        <translation>问题描述 *</translation>
    </message>
    <message>
        <source>What the customer reports, in their words</source>
        <translation>客户反映的问题（尽量用客户的原话）</translation>
    </message>
    <message>
        <source>Knowledge base and similar solved tickets</source>
        <translation>知识库与相似的已解决工单</translation>
    </message>
    <message>
        <source>Click a line to copy its solution.</source>
        <translation>单击一行，将其解决方案填入“解决方案”。</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>解决方案</translation>
    </message>
    <message>
        <source>What was done, as told to the customer</source>
        <translation>处理结果（告知客户的内容）</translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation>根本原因</translation>
    </message>
    <message>
        <source>Complaint outcome</source>
        <translation>投诉处理结果</translation>
    </message>
    <message>
        <source>Resolved at the first attempt</source>
        <translation>一次解决</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Written into the history with the next step</source>
        <translation>随下一步操作记入处理记录</translation>
    </message>
    <message>
        <source>Classify</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Start work</source>
        <translation>开始处理</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>反馈（已解决）</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Callback…</source>
        <translation>回访…</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复处理</translation>
    </message>
    <message>
        <source>Add to knowledge base</source>
        <translation>转为知识库文章</translation>
    </message>
    <message>
        <source>History</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>To hand the ticket to someone else, choose the assignee and save.</source>
        <translation>要改派给别人：在“处理人”中选择后保存。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>TicketListView</name>
    <message>
        <source>Right-click to choose the columns</source>
        <translation>右键单击选择显示的列</translation>
    </message>
</context>
<context>
    <name>TicketTableModel</name>
    <message>
        <source>Number</source>
        <translation>工单编号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>受理时间</translation>
    </message>
</context>
<context>
    <name>TicketsTab</name>
    <message>
        <source>New ticket…</source>
        <translation>新建工单…</translation>
    </message>
    <message>
        <source>Search ticket number or customer</source>
        <translation>搜索工单编号或客户名称</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>全部分级</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部问题类型</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Only tickets past a due time (the red cards)</source>
        <translation>只看已超过时限的工单（红色卡片）</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <source>My department</source>
        <translation>部门工单</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>All assignees</source>
        <translation>全部处理人</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分派</translation>
    </message>
    <message>
        <source>Tickets %1 is responsible for</source>
        <translation>%1负责的工单</translation>
    </message>
    <message>
        <source>The current user belongs to no department</source>
        <translation>当前用户不属于任何部门</translation>
    </message>
    <message>
        <source>Tickets assigned to %1</source>
        <translation>分派给 %1 的工单</translation>
    </message>
    <message>
        <source>Choose the current user in the status bar first</source>
        <translation>请先在状态栏中选择当前用户</translation>
    </message>
    <message>
        <source>%1 open · &lt;span style=&apos;color:%4&apos;&gt;%2 overdue&lt;/span&gt; · &lt;span style=&apos;color:%5&apos;&gt;%3 due soon&lt;/span&gt;</source>
        <translation>未结 %1 · &lt;span style=&apos;color:%4&apos;&gt;超时 %2&lt;/span&gt; · &lt;span style=&apos;color:%5&apos;&gt;临近时限 %3&lt;/span&gt;</translation>
    </message>
    <message>
        <source>View “%1”</source>
        <translation>视图“%1”</translation>
    </message>
    <message>
        <source>View “%1”: these conditions use fields removed since and were left out: %2</source>
        <translation>视图“%1”：以下条件所用的字段已被移除，已忽略：%2</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Re-dispatch…</source>
        <translation>改派…</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <source>Record the callback…</source>
        <translation>记录回访…</translation>
    </message>
    <message>
        <source>Move to “%1”</source>
        <translation>移到“%1”</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复处理</translation>
    </message>
    <message>
        <source>Pause…</source>
        <translation>挂起…</translation>
    </message>
</context>
<context>
    <name>TierPage</name>
    <message>
        <source>How a customer earns this tier</source>
        <translation>达到本层级的条件</translation>
    </message>
    <message>
        <source>Annual orders at least</source>
        <translation>年交易额不低于</translation>
    </message>
    <message>
        <source> ten thousand yuan</source>
        <translation> 万元</translation>
    </message>
    <message>
        <source>Cooperating for at least</source>
        <translation>合作时长不少于</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>Service times for this tier (0 = the general service times)</source>
        <translation>本层级的服务时限（0 = 使用通用服务时限）</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>general</source>
        <translation>通用</translation>
    </message>
    <message>
        <source>Hours count the calendar for urgent tickets and working time for the others.</source>
        <translation>紧急工单按自然小时计算，其他工单按工作时间计算。</translation>
    </message>
    <message>
        <source>Follow-up cadence</source>
        <translation>跟进节奏</translation>
    </message>
    <message>
        <source>What</source>
        <translation>跟进内容</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>Add a line</source>
        <translation>添加一行</translation>
    </message>
    <message>
        <source>Remove the line</source>
        <translation>删除所选行</translation>
    </message>
    <message>
        <source>Questions of the callback</source>
        <translation>回访问题</translation>
    </message>
    <message>
        <source>Every callback asks it: it is the ticket&apos;s satisfaction.</source>
        <translation>每次回访都要问：这就是工单的满意度。</translation>
    </message>
    <message>
        <source>e.g. 月度拜访</source>
        <translation>例如：月度拜访</translation>
    </message>
    <message>
        <source>every </source>
        <translation>每 </translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>%1, follow-up line %2: say what the follow-up is for</source>
        <translation>%1层级，跟进节奏第 %2 行：请填写跟进内容</translation>
    </message>
</context>
<context>
    <name>TodayTab</name>
    <message>
        <source>Only my follow-ups</source>
        <translation>只看我的跟进</translation>
    </message>
    <message>
        <source>Follow-ups assigned to the current user (chosen in the status bar)</source>
        <translation>分配给当前用户（在状态栏选择）的跟进</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Enter the holiday arrangement…</source>
        <translation>录入放假安排…</translation>
    </message>
    <message>
        <source>Follow-up capacity…</source>
        <translation>调整跟进容量…</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Critical complaints (%1)</source>
        <translation>重大投诉（%1）</translation>
    </message>
    <message>
        <source>Follow-ups and callbacks (%1 due today, %2 overdue)</source>
        <translation>跟进与回访（今日到期 %1，逾期 %2）</translation>
    </message>
    <message>
        <source>Birthdays and festivals (%1)</source>
        <translation>生日与节日（%1）</translation>
    </message>
    <message>
        <source>Tickets near or past their due time (%1)</source>
        <translation>临近或已超时限的工单（%1）</translation>
    </message>
    <message>
        <source>At-risk customers (%1)</source>
        <translation>流失风险客户（%1）</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) to do today</source>
        <translation>
            <numerusform>今日待办 %n 项</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>已逾期 %n 项</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n critical complaint(s)</source>
        <translation>
            <numerusform>%n 件重大投诉</numerusform>
        </translation>
    </message>
    <message>
        <source>Done…</source>
        <translation>完成…</translation>
    </message>
    <message>
        <source>Reschedule ▾</source>
        <translation>改期 ▾</translation>
    </message>
    <message>
        <source>Open ticket</source>
        <translation>打开工单</translation>
    </message>
    <message>
        <source>Workload (%1 of %2 people with open tickets)</source>
        <translation>工作量（%2 人中 %1 人有在办工单）</translation>
    </message>
    <message>
        <source>(no department)</source>
        <translation>（未分部门）</translation>
    </message>
    <message>
        <source>Their tickets</source>
        <translation>查看其工单</translation>
    </message>
    <message>
        <source>Every tier</source>
        <translation>全部层级</translation>
    </message>
    <message>
        <source>Greeting list…</source>
        <translation>问候名单…</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未联系</translation>
    </message>
    <message>
        <source>Last contact: %1</source>
        <translation>最近联系：%1</translation>
    </message>
    <message>
        <source>Log call…</source>
        <translation>记录通话…</translation>
    </message>
    <message>
        <source>Dossier</source>
        <translation>档案</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>CRMDesk Service Desk</source>
        <translation>客户服务台</translation>
    </message>
    <message>
        <source>Show CRMDesk</source>
        <translation>显示客户服务台</translation>
    </message>
    <message>
        <source>Today&apos;s to-dos</source>
        <translation>今日待办</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>CRMDesk is still running</source>
        <translation>客户服务台仍在运行</translation>
    </message>
    <message>
        <source>Reminders keep coming from the tray. Choose Quit in its menu to exit.</source>
        <translation>提醒会继续从系统托盘发出。如需退出，请在托盘菜单中选择“退出”。</translation>
    </message>
    <message>
        <source>%1 follow-ups due today, %2 overdue; %3 overdue ticket dues; %4 critical complaints</source>
        <translation>今日到期跟进 %1 项，逾期 %2 项；超时工单 %3 项；重大投诉 %4 件</translation>
    </message>
    <message>
        <source>%1 new items due</source>
        <translation>新到期 %1 项</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>到期提醒</translation>
    </message>
    <message>
        <source>Critical complaint %1 — %2</source>
        <translation>重大投诉 %1 — %2</translation>
    </message>
    <message>
        <source>Ticket %1 is overdue — %2</source>
        <translation>工单 %1 已超时 — %2</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Open encrypted database</source>
        <translation>打开加密的数据库</translation>
    </message>
    <message>
        <source>Recovery code (XXXX-XXXX-…) or passphrase</source>
        <translation>恢复码（XXXX-XXXX-…）或口令</translation>
    </message>
    <message>
        <source>Show what I type</source>
        <translation>显示输入的内容</translation>
    </message>
</context>
<context>
    <name>ViewPicker</name>
    <message>
        <source>Saved views: a search, filters, sort and columns kept under a name</source>
        <translation>常用视图：把搜索、筛选、排序和显示的列保存为一个名称</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Save as a new view…</source>
        <translation>另存为新视图…</translation>
    </message>
    <message>
        <source>Save changes to this view</source>
        <translation>保存对此视图的修改</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>改名…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Open my list with this view</source>
        <translation>设为我的默认视图</translation>
    </message>
    <message>
        <source>(no view)</source>
        <translation>（常用视图）</translation>
    </message>
    <message>
        <source>Name of the view:</source>
        <translation>视图名称：</translation>
    </message>
    <message>
        <source>Save view</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <source>Rename view</source>
        <translation>视图改名</translation>
    </message>
    <message>
        <source>Delete view</source>
        <translation>删除视图</translation>
    </message>
    <message>
        <source>Delete the view “%1”?</source>
        <translation>删除视图“%1”？</translation>
    </message>
</context>
<context>
    <name>WorkCalendar</name>
    <message>
        <source>%1: holiday arrangement saved (%2 days). Due times of %3 open ticket(s) and %4 follow-up(s) were moved.</source>
        <translation>%1年放假安排已保存（%2 天）。%3 张未完成工单的时限和 %4 项跟进已随之调整。</translation>
    </message>
    <message>
        <source>Holiday</source>
        <translation>放假</translation>
    </message>
    <message>
        <source>Make-up working day</source>
        <translation>调休上班</translation>
    </message>
    <message>
        <source>Grey: weekend</source>
        <translation>灰色：周末</translation>
    </message>
</context>
<context>
    <name>WorkCalendarDialog</name>
    <message>
        <source>Working calendar</source>
        <translation>工作日历</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Paste the State Council notice…</source>
        <translation>粘贴国务院放假通知…</translation>
    </message>
    <message>
        <source>Import .ics holiday calendar…</source>
        <translation>导入 .ics 节假日日历…</translation>
    </message>
    <message>
        <source>Edit day by day…</source>
        <translation>逐日编辑…</translation>
    </message>
    <message>
        <source>%1: the shipped calendar covers this year (statutory holidays and make-up days).</source>
        <translation>%1年：软件自带的日历已包含本年的法定节假日和调休上班日。</translation>
    </message>
    <message>
        <source>%1: entered on %2.</source>
        <translation>%1年：已于 %2 录入。</translation>
    </message>
    <message>
        <source>%1: no holiday data. Until it is entered, ticket due times, follow-ups and callbacks count Monday–Friday only (春节 and 国庆 as working days). Paste the State Council&apos;s notice for %1 (published in the autumn before).</source>
        <translation>%1年：没有节假日数据。录入之前，工单时限、跟进和回访日期只按周一至周五计算（春节、国庆都算工作日）。请粘贴国务院办公厅关于%1年的放假通知（上一年秋天发布）。</translation>
    </message>
    <message>
        <source>Import a holiday calendar</source>
        <translation>导入节假日日历</translation>
    </message>
    <message>
        <source>iCalendar files (*.ics)</source>
        <translation>iCalendar 文件 (*.ics)</translation>
    </message>
</context>
<context>
    <name>YearView</name>
    <message>
        <source>Mo</source>
        <translation>一</translation>
    </message>
    <message>
        <source>Tu</source>
        <translation>二</translation>
    </message>
    <message>
        <source>We</source>
        <translation>三</translation>
    </message>
    <message>
        <source>Th</source>
        <translation>四</translation>
    </message>
    <message>
        <source>Fr</source>
        <translation>五</translation>
    </message>
    <message>
        <source>Sa</source>
        <translation>六</translation>
    </message>
    <message>
        <source>Su</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Month %1</source>
        <translation>%1月</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>CRMDesk</source>
        <translation>客户服务台</translation>
    </message>
</context>
<context>
    <name>attachments</name>
    <message>
        <source>Attaching files…</source>
        <translation>正在添加附件…</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>CRMDesk</source>
        <translation>客户服务台</translation>
    </message>
</context>
<context>
    <name>followup_actions</name>
    <message>
        <source>Follow-up moved to %1.</source>
        <translation>跟进已改到 %1。</translation>
    </message>
    <message>
        <source>(the chosen day is not a working day)</source>
        <translation>（所选日期不是工作日）</translation>
    </message>
    <message>
        <source>Next working day (%1)</source>
        <translation>下一个工作日（%1）</translation>
    </message>
    <message>
        <source>In 3 days</source>
        <translation>3 天后</translation>
    </message>
    <message>
        <source>In a week</source>
        <translation>一周后</translation>
    </message>
    <message>
        <source>Other date and time…</source>
        <translation>其他日期和时间…</translation>
    </message>
    <message>
        <source>Delete follow-up</source>
        <translation>删除跟进</translation>
    </message>
    <message>
        <source>Move this follow-up to the recycle bin? It can be restored for 30 days.</source>
        <translation>把这条跟进移到回收站？30 天内可以恢复。</translation>
    </message>
</context>
<context>
    <name>ticket_view</name>
    <message>
        <source>Created %1</source>
        <translation>受理 %1</translation>
    </message>
    <message>
        <source>first response %1</source>
        <translation>首次响应 %1</translation>
    </message>
    <message>
        <source>response due %1</source>
        <translation>响应期限 %1</translation>
    </message>
    <message>
        <source>resolved %1</source>
        <translation>解决 %1</translation>
    </message>
    <message>
        <source>(late)</source>
        <translation>（超时）</translation>
    </message>
    <message>
        <source>resolution due %1</source>
        <translation>解决期限 %1</translation>
    </message>
    <message>
        <source>(overdue)</source>
        <translation>（已超期）</translation>
    </message>
    <message>
        <source>clock paused %1 h</source>
        <translation>挂起 %1 小时</translation>
    </message>
    <message>
        <source>reopened %1×</source>
        <translation>重开 %1 次</translation>
    </message>
    <message>
        <source>re-dispatched %1×</source>
        <translation>改派 %1 次</translation>
    </message>
    <message>
        <source>satisfaction %1/5</source>
        <translation>满意度 %1/5</translation>
    </message>
    <message>
        <source>Callback due %1 (try %2 of %3).</source>
        <translation>待回访：%1（第 %2 次，共 %3 次）。</translation>
    </message>
    <message>
        <source>Callback done %1.</source>
        <translation>回访已完成：%1。</translation>
    </message>
    <message>
        <source>Callback closed as unreachable after %1 tries.</source>
        <translation>尝试 %1 次未联系上，回访已关闭。</translation>
    </message>
    <message>
        <source>Callback closed: %1</source>
        <translation>回访已关闭：%1</translation>
    </message>
</context>
</TS>
