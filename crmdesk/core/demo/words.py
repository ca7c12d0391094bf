"""Word lists and weights of the demo data generator (``core.demo.writer``): names, places, products, texts.

Plain tuples only (fixed order, so a seed always gives the same data). Chinese
characters that make up names carry their pinyin, for e-mail addresses and domains.

The Chinese here is data, not messages: the demo firm is a Chinese company whose records are
Chinese whatever language the interface shows, as a real firm's are (``tests/test_literals.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from crmdesk.core.store.models import SOURCE_CHANNELS  # the stored values of the source channel


def _table(pairs: Iterable[tuple[object, int]]) -> tuple:
    """A lookup table for weighted choice: ``table[int(random() * len(table))]``."""
    out: list = []
    for value, weight in pairs:
        out.extend([value] * weight)
    return tuple(out)


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``"王wang 李li"`` → ``(("王", "wang"), ("李", "li"))``."""
    return tuple((item[0], item[1:]) for item in text.split())


# --------------------------------------------------------------------------- people

SURNAMES = _pairs(
    "王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu "
    "胡hu 郭guo 何he 高gao 林lin 罗luo 郑zheng 梁liang 谢xie 宋song 唐tang 许xu 韩han 冯feng "
    "邓deng 曹cao 彭peng 曾zeng 肖xiao 田tian 董dong 袁yuan 潘pan 于yu 蒋jiang 蔡cai 余yu 杜du "
    "叶ye 程cheng 苏su 魏wei 吕lv 丁ding 任ren 沈shen 姚yao 卢lu 姜jiang 崔cui 钟zhong 谭tan 陆lu "
    "汪wang 范fan 金jin 石shi 廖liao 贾jia 夏xia 韦wei 付fu 方fang 白bai 邹zou 孟meng 熊xiong "
    "秦qin 邱qiu 江jiang 尹yin 薛xue 段duan 雷lei 侯hou 龙long 史shi 陶tao 黎li 贺he 顾gu 毛mao "
    "郝hao 龚gong 邵shao 万wan 钱qian 严yan 覃qin 武wu 戴dai 莫mo 孔kong 向xiang 汤tang 欧阳ouyang"
)
# The first surnames are the most common: the generator draws them with a decreasing weight.

GIVEN_CHARS = _pairs(
    "伟wei 芳fang 娜na 敏min 静jing 丽li 强qiang 磊lei 军jun 洋yang 勇yong 艳yan 杰jie 娟juan "
    "涛tao 明ming 超chao 秀xiu 霞xia 平ping 刚gang 桂gui 英ying 华hua 玉yu 萍ping 红hong 建jian "
    "文wen 辉hui 鹏peng 宇yu 浩hao 凯kai 健jian 俊jun 帆fan 帅shuai 旭xu 宁ning 婷ting 雪xue "
    "琳lin 晨chen 欣xin 怡yi 佳jia 梅mei 莉li 兰lan 峰feng 斌bin 波bo 亮liang 龙long 林lin 海hai "
    "东dong 志zhi 国guo 春chun 晓xiao 新xin 冬dong 雨yu 思si 嘉jia 子zi 博bo 瑞rui 睿rui 昊hao "
    "然ran 轩xuan 涵han 诗shi 梓zi 晴qing 雯wen 倩qian 颖ying 慧hui 振zhen 宏hong 永yong 庆qing "
    "德de 成cheng 荣rong 利li 飞fei 彬bin 淑shu 燕yan 琴qin 云yun 鑫xin 凤feng 坤kun 毅yi 翔xiang "
    "瑶yao 立li 家jia 晶jing 丹dan 阳yang 锋feng 炜wei 岚lan 蕾lei 薇wei 楠nan 娇jiao"
)

# (name, role, phone): 1 owner, 4 engineers, 3 clerks (the users of docs/spec.md: clerk / engineer / owner).
STAFF = (
    ("王建国", "owner", "13902881234"),
    ("李晓梅", "clerk", "13823457890"),
    ("陈静", "clerk", "13612348765"),
    ("黄丽娟", "clerk", "15012345566"),
    ("刘志强", "engineer", "13798765432"),
    ("张伟", "engineer", "18676543210"),
    ("周海涛", "engineer", "13534567788"),
    ("吴俊杰", "engineer", "19924681357"),
)

# The demo firm's departments (docs/spec.md §13): (name, the staff roles that work in it, its head,
# who a rule's "default person" means). Everyone of those roles joins it.
DEPARTMENTS = (
    ("客服部", ("clerk",), "李晓梅", "李晓梅"),
    ("技术服务部", ("engineer",), "刘志强", "刘志强"),
    ("总经办", ("owner",), "王建国", "王建国"),
)
# Its routing table (分派规则), first match wins: (ticket category, department, pick, only role).
ROUTING = (
    ("fault", "技术服务部", "least_open", "engineer"),
    ("usage", "技术服务部", "round_robin", "engineer"),
    ("complaint", "客服部", "default", ""),
)

CONTACT_TITLES = (
    ("总经理", 14), ("副总经理", 5), ("采购经理", 14), ("采购专员", 8), ("设备主管", 12),
    ("设备工程师", 7), ("生产经理", 7), ("厂长", 6), ("技术总监", 4), ("行政", 6), ("行政主管", 4),
    ("财务经理", 3), ("仓库主管", 2), ("IT主管", 3), ("项目经理", 3), ("品质经理", 2), ("董事长", 2),
)
INDIVIDUAL_TITLE = "本人"

MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "173", "176", "177", "178", "180", "181", "182",
    "183", "185", "186", "187", "188", "189", "191", "198", "199",
)
PUBLIC_MAIL = ("qq.com", "163.com", "126.com", "foxmail.com", "sina.com", "139.com", "outlook.com")

# --------------------------------------------------------------------------- places

# (province, city, short name, area code, districts, weight); every local number has 8 digits.
CITIES = (
    ("广东省", "深圳市", "深圳", "0755", ("南山区", "福田区", "宝安区", "龙岗区", "龙华区", "光明区"), 20),
    ("广东省", "东莞市", "东莞", "0769", ("长安镇", "虎门镇", "松山湖", "南城街道", "塘厦镇", "厚街镇"), 12),
    ("广东省", "广州市", "广州", "020", ("天河区", "番禺区", "白云区", "黄埔区", "海珠区", "花都区"), 10),
    ("广东省", "佛山市", "佛山", "0757", ("顺德区", "南海区", "禅城区"), 6),
    ("广东省", "中山市", "中山", "0760", ("小榄镇", "火炬开发区", "石岐街道"), 3),
    ("江苏省", "苏州市", "苏州", "0512", ("工业园区", "吴中区", "相城区", "昆山市", "常熟市", "吴江区"), 6),
    ("江苏省", "南京市", "南京", "025", ("江宁区", "鼓楼区", "浦口区", "栖霞区"), 3),
    ("江苏省", "无锡市", "无锡", "0510", ("新吴区", "滨湖区", "江阴市", "宜兴市"), 3),
    ("江苏省", "常州市", "常州", "0519", ("武进区", "新北区", "天宁区"), 2),
    ("浙江省", "杭州市", "杭州", "0571", ("西湖区", "余杭区", "滨江区", "萧山区", "拱墅区"), 5),
    ("浙江省", "宁波市", "宁波", "0574", ("鄞州区", "北仑区", "慈溪市", "余姚市"), 3),
    ("浙江省", "温州市", "温州", "0577", ("鹿城区", "瑞安市", "乐清市"), 2),
    ("上海市", "上海市", "上海", "021", ("浦东新区", "闵行区", "嘉定区", "松江区", "徐汇区"), 5),
    ("北京市", "北京市", "北京", "010", ("海淀区", "朝阳区", "大兴区", "昌平区"), 3),
    ("天津市", "天津市", "天津", "022", ("滨海新区", "西青区", "东丽区"), 1),
    ("四川省", "成都市", "成都", "028", ("高新区", "武侯区", "郫都区", "双流区", "龙泉驿区"), 4),
    ("重庆市", "重庆市", "重庆", "023", ("渝北区", "九龙坡区", "江北区", "沙坪坝区"), 2),
    ("湖北省", "武汉市", "武汉", "027", ("东湖高新区", "江汉区", "汉阳区", "洪山区", "江夏区"), 4),
    ("湖南省", "长沙市", "长沙", "0731", ("岳麓区", "雨花区", "长沙县", "开福区"), 2),
    ("陕西省", "西安市", "西安", "029", ("雁塔区", "未央区", "高新区", "长安区"), 2),
    ("山东省", "青岛市", "青岛", "0532", ("黄岛区", "城阳区", "崂山区", "李沧区"), 2),
    ("山东省", "济南市", "济南", "0531", ("历下区", "槐荫区", "章丘区"), 1),
    ("河南省", "郑州市", "郑州", "0371", ("金水区", "二七区", "中原区", "郑东新区"), 2),
    ("安徽省", "合肥市", "合肥", "0551", ("蜀山区", "包河区", "经开区", "肥西县"), 2),
    ("福建省", "福州市", "福州", "0591", ("鼓楼区", "仓山区", "闽侯县"), 1),
    ("河北省", "石家庄市", "石家庄", "0311", ("长安区", "裕华区", "藁城区"), 1),
)

ROADS = (
    "建设路", "人民路", "解放路", "中山路", "科技路", "工业大道", "创业路", "高新路", "环城路", "新华路",
    "兴业路", "发展大道", "民营路", "工业园路", "宝安大道", "金沙路", "沿江路", "长江路", "黄河路", "东风路",
    "迎宾大道", "创新路", "智慧路", "同富路", "和平路", "振兴路", "光明大道", "富民路", "青年路", "学府路",
)
BUILDINGS = (
    "", "", "", "科技大厦", "创业园", "工业园", "国际商务中心", "产业园", "智慧谷", "商贸城",
    "电子城", "总部基地", "孵化器", "写字楼", "广场",
)
BUILDING_UNITS = ("A栋", "B栋", "C栋", "1号楼", "2号楼", "3号厂房", "5号厂房", "")

# --------------------------------------------------------------------------- companies

TRADE_CHARS = _pairs(
    "华hua 强qiang 鑫xin 盛sheng 达da 源yuan 泰tai 宏hong 明ming 科ke 创chuang 新xin 瑞rui 恒heng "
    "通tong 汇hui 联lian 邦bang 信xin 德de 佳jia 嘉jia 美mei 诚cheng 利li 丰feng 祥xiang 安an "
    "康kang 顺shun 兴xing 旺wang 昌chang 隆long 荣rong 辉hui 光guang 远yuan 航hang 天tian 宇yu "
    "海hai 龙long 凯kai 晨chen 星xing 博bo 睿rui 智zhi 雅ya 力li 奥ao 迪di 威wei 捷jie 普pu 润run "
    "锦jin 金jin 宝bao 峰feng 川chuan 江jiang 永yong 久jiu 立li 世shi 纪ji 中zhong 东dong 南nan "
    "方fang 正zheng 和he 平ping 益yi 成cheng 骏jun 腾teng 飞fei 扬yang 帆fan 弘hong 毅yi 豪hao "
    "杰jie 英ying 伟wei 志zhi 贝bei 特te 森sen 林lin 松song 柏bai 青qing 蓝lan 亿yi 万wan 合he "
    "众zhong 协xie 同tong 大da 昊hao 晟sheng 煜yu 鸿hong 鹏peng 麒qi 驰chi 展zhan 拓tuo 领ling "
    "先xian 锐rui 朗lang 速su 卓zhuo 越yue 精jing 工gong 铭ming 宸chen 赛sai 维wei 胜sheng "
    "富fu 运yun 景jing 泽ze 浩hao 洲zhou 图tu 乐le 欧ou 亚ya 百bai 佰bai 仕shi 迅xun 固gu"
)

# industry → (words that end a company name, the name of the trade, weight)
INDUSTRIES = (
    ("制造业", ("精密制造", "五金制品", "塑胶制品", "模具", "实业", "工业"), 18),
    ("电子", ("电子", "电子科技", "光电", "电器", "微电子"), 16),
    ("机械设备", ("机械", "机电", "自动化设备", "智能装备", "重工"), 14),
    ("医疗器械", ("医疗器械", "医疗科技", "生物医疗"), 5),
    ("教育", ("教育科技", "文化传播", "教育咨询"), 4),
    ("零售", ("商贸", "贸易", "百货", "连锁超市"), 8),
    ("物流", ("物流", "供应链管理", "货运代理"), 6),
    ("建筑", ("建设工程", "建筑装饰", "建材"), 6),
    ("餐饮", ("餐饮管理", "食品", "餐饮服务"), 5),
    ("软件", ("软件", "信息技术", "网络科技", "数据科技"), 7),
    ("汽车配件", ("汽车零部件", "汽配"), 5),
    ("纺织服装", ("纺织", "服饰", "制衣"), 4),
    ("化工", ("化工", "新材料"), 3),
)
# legal-form suffixes: the first three normalise to the same duplicate key (docs/spec.md §2)
LEGAL_FORMS = (("有限公司", 64), ("股份有限公司", 10), ("有限责任公司", 6), ("科技有限公司", 20))
DOMAIN_WORDS = ("", "", "tech", "group", "gf", "sz", "cn", "china")
DOMAIN_TLDS = (".com", ".com", ".cn", ".com.cn", ".net")

SIZES = (("1-20人", 35), ("20-100人", 35), ("100-500人", 20), ("500人以上", 10))
CUSTOMER_TYPES = (("prospect", 28), ("customer", 68), ("strategic", 4))

PURCHASE_INTENTS = (
    "", "", "", "计划明年扩产，拟新增2台激光切割机", "老设备更新换代，预算已批", "考虑采购一批备件做库存",
    "有意签订年度维保合同", "正在比较三家供应商的报价", "新厂房下半年投产，需要整线方案", "需要增加MES软件用户数",
    "意向采购空压机节能改造", "希望试用后再决定", "暂无采购计划，保持联系", "年底前有一笔设备采购预算",
)
PRODUCT_PREFERENCES = (
    "", "", "看重售后响应速度", "偏好国产品牌，性价比优先", "要求进口核心部件", "重视节能指标",
    "需要本地化服务团队", "关注交货期", "喜欢一站式整体方案", "对软件界面易用性要求高", "价格敏感，倾向分期付款",
)
BUDGET_RANGES = ("", "", "5万以下", "5-10万", "10-30万", "30-50万", "50-100万", "100万以上")
CUSTOMER_NOTES = (
    "", "", "", "", "", "老客户介绍，重视口碑", "每年3月集中采购", "付款周期60天", "需开增值税专用发票",
    "厂区周末不接待来访", "联系前先发微信", "对接人经常出差，邮件沟通为主", "曾参加2023年深圳展会",
    "设备在二楼车间，上门需提前报备", "总部在外地，本地为分厂",
)
CONFIDENTIAL_NOTES = (
    "回款及时，可适当放宽账期", "曾拖欠货款两个月，注意账期", "采购负责人与竞品关系密切",
    "老板为人爽快，重视长期合作", "内部正在评估更换供应商", "价格底线：报价不低于九折",
)

TAGS = ("高价值", "功能定制", "售后响应", "价格敏感", "长期合作", "新客户", "重点跟进", "转介绍来源",
        "需开专票", "技术型客户", "多厂区", "政府项目")

# --------------------------------------------------------------------------- orders

# (product, min yuan, max yuan)
PRODUCTS = (
    ("激光切割机 3015", 120000, 380000),
    ("数控车床 CK6150", 80000, 220000),
    ("工业空压机 37kW", 30000, 90000),
    ("PLC控制柜", 15000, 60000),
    ("自动化生产线改造", 150000, 600000),
    ("年度维保服务", 8000, 50000),
    ("备件包", 3000, 20000),
    ("MES软件授权(10用户)", 20000, 80000),
    ("设备租赁(12个月)", 24000, 96000),
    ("操作培训服务", 3000, 12000),
    ("智能仓储货架", 40000, 150000),
    ("视觉检测系统", 60000, 200000),
)

# --------------------------------------------------------------------------- tickets

FAULTS = (
    "开机报警E05，无法正常运行", "主轴异响，加工精度下降", "触摸屏黑屏", "气压不足，频繁停机",
    "伺服驱动器过载报警", "软件登录后闪退", "打印标签错位", "冷却液泄漏", "通讯中断，PLC无响应",
    "激光功率衰减", "传送带跑偏", "数据无法导出到Excel", "急停按钮失灵", "设备运行温度过高",
)
USAGE_QUESTIONS = (
    "如何设置自动排产参数", "定期保养周期是多久", "怎样导出月度产量报表", "新员工操作培训如何安排",
    "如何更换切割头镜片", "软件账号权限怎么分配", "如何升级到最新版本", "备件订购流程",
    "设备搬迁需要注意什么", "质保期如何计算",
)
COMPLAINTS = (
    "工程师上门迟到两小时", "维修后同一故障再次出现", "备件发货延误一周", "客服电话长时间无人接听",
    "收费与报价不一致", "工程师服务态度差", "发票开具错误多次", "交付设备外观有划痕",
)
SUGGESTIONS = (
    "希望增加微信报修入口", "建议提供夜间值班电话", "希望软件支持手机端查看", "建议每季度主动巡检",
    "希望报表支持自定义字段", "建议提供备件价格清单",
)
OTHER_REQUESTS = ("申请开具维保证明", "更改收货地址", "咨询发票事宜", "索取设备说明书电子版", "预约参观工厂")

SOLUTIONS = {
    "fault": ("更换故障配件后测试正常", "重新校准参数，试运行2小时无异常", "远程指导客户重启并升级固件",
              "工程师上门清洁保养，故障排除", "更换驱动器，已恢复生产", "修复软件配置文件，问题解决"),
    "usage": ("电话讲解操作步骤，客户已掌握", "发送操作手册和视频教程", "远程协助完成设置",
              "安排线上培训一次", "邮件回复详细说明"),
    "complaint": ("向客户致歉，补发配件并减免上门费", "更换工程师重新处理，问题已解决",
                  "核对账单后退还多收费用", "加急发货并赠送一次保养服务", "主管上门沟通，客户表示接受"),
    "suggestion": ("已记录并提交产品部门评估", "纳入下季度改进计划", "已提供替代方案，客户满意"),
    "other": ("已按客户要求办理", "资料已通过邮件发送", "已协调相关部门处理"),
}
ROOT_CAUSES = (
    "工程师排班不足，未按承诺时间到达", "首次维修未彻底排查根本原因", "仓库备件库存不足",
    "客服热线高峰期人手不够", "报价单未同步最新价格", "服务规范培训不到位", "财务开票信息录入错误",
    "物流包装防护不足",
)
COMPLAINT_RESULTS = ("客户接受处理方案", "客户表示满意", "已补偿，客户认可", "客户基本接受，需持续关注")
TICKET_NOTES = ("", "", "", "", "", "", "客户要求上午上门", "需带备用主板", "客户催促，优先处理",
                "已电话确认地址", "保修期内免费")
PAUSE_NOTES = {"customer": "等待客户确认上门时间", "parts": "等待备件到货"}

# --------------------------------------------------------------------------- interactions, follow-ups, surveys

INTERACTION_SUMMARIES = {
    "phone": ("电话回访设备使用情况", "电话沟通报价细节", "电话确认交货时间", "电话了解新项目进展",
              "电话提醒保养到期", "电话沟通付款安排"),
    "visit": ("上门拜访，参观客户车间", "上门进行季度复盘", "上门演示新产品", "上门巡检设备",
              "拜访采购负责人，了解年度计划"),
    "email": ("邮件发送新产品资料", "邮件发送报价单", "邮件发送季度满意度问卷", "邮件确认合同条款"),
    "wechat": ("微信沟通技术问题", "微信发送节日问候", "微信确认上门时间", "微信发送优惠活动信息"),
    "sms": ("短信提醒保养到期", "短信发送节日问候", "短信通知发货信息"),
}
FEEDBACKS = (
    "", "对服务响应速度满意", "希望价格再优惠一些", "设备运行稳定", "暂无新需求", "对上次维修比较满意",
    "正在内部评估，下月答复", "希望缩短交货期", "表示会推荐给同行", "近期资金紧张", "对新产品有兴趣",
)
NEXT_STEPS = (
    "", "", "下周发送报价单", "一个月后再次回访", "安排工程师上门调试", "等待客户内部审批", "邀请参加新品发布会",
    "准备合同草稿", "季度末再跟进",
)
CALLBACK_SUMMARY = "工单回访：{number}"
CALLBACK_FEEDBACKS = ("问题已解决，满意", "处理及时，满意", "基本满意", "希望响应再快一点", "工程师很专业")

FOLLOWUP_PURPOSES = (
    ("例行回访", "phone"), ("需求调研", "visit"), ("节日问候", "wechat"), ("续约沟通", "phone"),
    ("报价跟进", "email"), ("新品推介", "visit"), ("保养提醒", "sms"), ("满意度问卷", "email"),
    ("季度复盘会", "visit"), ("付款提醒", "phone"),
)
CADENCE_PURPOSES = {
    "strategic": (("月度拜访", "visit"), ("季度复盘会", "visit")),
    "core": (("双周电话回访", "phone"), ("月度需求调研", "phone")),
    "ordinary": (("月度邮件", "email"), ("季度满意度问卷", "email")),
    "dormant": (("季度优惠推送", "phone"),),
}
CALLBACK_PURPOSE = "工单回访"
WINBACK_PURPOSE = "流失预警：挽回回访"  # as core.customers.tiers proposes it
UNREACHABLE = "未联系上"

SURVEY_COMMENTS = (
    "", "", "", "整体满意", "工程师技术过硬", "希望响应更快", "价格偏高", "服务态度很好", "配件供应要加快",
    "沟通顺畅", "希望多做培训", "上门及时，点赞",
)
LOW_SCORE_ACTIONS = {
    "quality": ("产品质量评分偏低", "联合生产部门排查批次质量问题"),
    "response": ("服务响应评分偏低", "增加高峰时段值班人员"),
    "communication": ("沟通效率评分偏低", "统一回复话术，当天回复客户"),
    "professionalism": ("专业度评分偏低", "安排工程师技能复训"),
    "overall": ("总体满意度偏低", "主管电话回访，了解具体原因"),
}

KNOWLEDGE = (
    ("fault", "开机报警E05", "设备开机即报警E05，无法运行", "检查急停回路与安全门开关，复位后重新上电", "E05 报警 急停"),
    ("fault", "主轴异响", "主轴运行有异响，精度下降", "检查主轴轴承润滑，必要时更换轴承并重新校准", "主轴 异响 轴承"),
    ("fault", "触摸屏黑屏", "HMI触摸屏无显示", "检查24V电源与背光，更换屏幕排线", "触摸屏 黑屏 HMI"),
    ("fault", "气压不足停机", "设备频繁因气压不足停机", "检查空压机输出压力与管路泄漏，清洗过滤器", "气压 空压机 停机"),
    ("fault", "伺服过载报警", "伺服驱动器报过载", "检查机械卡滞与负载，调整加减速参数", "伺服 过载 驱动器"),
    ("fault", "软件登录闪退", "MES客户端登录后闪退", "清除本地缓存，升级到最新客户端版本", "软件 闪退 登录"),
    ("usage", "月度产量报表导出", "如何导出月度产量报表", "报表菜单选择月份后点击导出Excel", "报表 导出 产量"),
    ("usage", "切割头镜片更换", "如何更换切割头保护镜片", "断电后拆下抽屉，戴指套更换镜片并校准焦点", "镜片 切割头 保养"),
    ("usage", "保养周期", "设备的定期保养周期", "日检、周检、每500小时二级保养，详见保养手册", "保养 周期"),
    ("usage", "账号权限分配", "软件账号权限怎么分配", "管理员在系统设置-角色中分配权限", "账号 权限 角色"),
    ("complaint", "上门迟到处理规范", "工程师未按约定时间到达", "提前30分钟电话告知，迟到须致歉并登记原因", "迟到 上门 规范"),
    ("complaint", "重复故障处理", "维修后同一故障再次出现", "升级为重要工单，由高级工程师复查根因", "重复故障 复查"),
)

DEVICES = ("激光切割机", "数控车床", "空压机", "PLC控制柜", "生产线", "MES系统", "智能货架", "视觉检测系统")
SKIP_REASONS = ("客户出差", "客户暂不需要", "已通过微信沟通", "联系人休假")
ESTATE_WORDS = ("花园", "小区", "苑", "名居", "雅居")
FIRM_NAME = "深圳市示例智能装备有限公司"

# --------------------------------------------------------------------------- weighted choices
# ``X_T[int(random() * len(X_T))]`` draws with the weights; values are the stored identifiers.

SIZE_T = _table(SIZES)
TYPE_T = _table(CUSTOMER_TYPES)
IMPORTANCE_T = _table((("A", 15), ("B", 40), ("C", 45)))
SOURCE_T = _table(zip(SOURCE_CHANNELS, (20, 15, 15, 20, 25, 5)))
CITY_T = _table((city, city[5]) for city in CITIES)
INDUSTRY_T = _table((ind, ind[2]) for ind in INDUSTRIES)
LEGAL_T = _table(LEGAL_FORMS)
TITLE_T = _table(CONTACT_TITLES)
CATEGORY_T = _table((("fault", 45), ("usage", 30), ("complaint", 8), ("suggestion", 10), ("other", 7)))
PRIORITY_T = _table((("urgent", 10), ("important", 30), ("normal", 60)))
SEVERITY_T = _table((("minor", 70), ("serious", 25), ("critical", 5)))
CHANNEL_T = _table((("phone", 45), ("wechat", 25), ("online", 10), ("email", 8), ("onsite", 7), ("other", 5)))
METHOD_T = _table((("phone", 45), ("wechat", 25), ("visit", 12), ("email", 13), ("sms", 5)))
SATISFACTION_T = _table(((5, 124), (4, 62), (3, 10), (2, 3), (1, 1)))
LOW_SCORE_T = _table(((1, 10), (2, 30), (3, 60)))
