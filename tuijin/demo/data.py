"""The demo zone of the seed page (焦作高新区, spring 2025), as plain data.

The figures the seed states are reproduced exactly by these rows: 30 projects on the 2025 区定“三十工程”
with 90.7亿元 total and 31.5亿元 planned for the year, 21 of them started; 13 of them on the city's list;
瑞庆、澳特盛、明仁、卓立 due to start production in the first half with 20.5亿元 of new annual output.
Leaders appear by title only.
"""

YEAR = 2025

DEPARTMENTS = [
    # (name, short name)
    ("党政办公室", "党政办"),
    ("发展改革和统计局（项目办）", "发改局"),
    ("经济发展局", "经发局"),
    ("招商服务中心", "招商中心"),
    ("财政金融局", "财政局"),
    ("自然资源和规划分局", "资规分局"),
    ("住房和城乡建设局", "住建局"),
    ("生态环境分局", "环境分局"),
    ("应急管理局", "应急局"),
    ("社会事业局", "社会事业局"),
    ("城市管理局", "城管局"),
    ("科技创新局", "科创局"),
]

LEADERS = [
    # (key, name as shown, title)
    ("secretary", "党工委书记", "市政协副主席、党工委书记"),
    ("director", "管委会主任", "党工委副书记、管委会主任"),
    ("deputy_secretary", "党工委副书记", "党工委副书记"),
    ("deputy_industry", "副主任（工业）", "管委会副主任，分管工业和科技"),
    ("deputy_urban", "副主任（城建）", "管委会副主任，分管城建和环保"),
    ("deputy_social", "副主任（社会事业）", "管委会副主任，分管社会事业"),
    ("member_invest", "党工委委员（招商）", "党工委委员，分管招商"),
    ("member_finance", "党工委委员（财政）", "党工委委员，分管财政金融"),
]

TEAM = [
    # (name, title, department short name)
    ("项目专员甲", "项目办科长", "发改局"),
    ("项目专员乙", "项目办科员", "发改局"),
    ("工业专员", "经发局副局长", "经发局"),
    ("城建专员", "住建局副局长", "住建局"),
    ("社会事业专员", "社会事业局副局长", "社会事业局"),
    ("招商专员", "招商中心副主任", "招商中心"),
]

ENTERPRISES = [
    # (key, name, kind)
    ("ruiqing", "瑞庆汽车发动机（焦作）有限公司", "company"),
    ("zhuoli", "焦作卓立膜材料有限责任公司", "company"),
    ("aotesheng", "澳特盛（焦作）新材料有限公司", "company"),
    ("mingren", "焦作明仁药业有限公司", "company"),
    ("xiagong", "厦工机械（焦作）有限公司", "company"),
    ("hydrogen", "焦作氢源装备科技有限公司", "company"),
    ("battery", "焦作锂安新能源材料有限公司", "company"),
    ("sensor", "焦作智感电子科技有限公司", "company"),
    ("bio", "焦作生物医药产业发展有限公司", "company"),
    ("equipment", "焦作高端装备产业园运营有限公司", "company"),
    ("digital", "焦作数字经济产业园有限公司", "company"),
    ("coldchain", "焦作冷链物流有限公司", "company"),
    ("urbaninvest", "焦作高新区城市建设投资有限公司", "platform"),
    ("water", "焦作高新区水务有限公司", "platform"),
    ("compute", "焦作高新区算力科技有限公司", "platform"),
    ("social", "焦作高新区社会事业局", "public"),
    ("urbanadmin", "焦作高新区城市管理局", "public"),
    ("jinsha", "焦作高新区金沙社区改造项目指挥部", "public"),
    ("elderly", "焦作康颐养老服务有限公司", "company"),
    ("housing", "焦作高新区安居置业有限公司", "platform"),
    ("newmat", "焦作新锐材料科技有限公司", "company"),
    ("lowalt", "焦作低空经济发展有限公司", "company"),
]

CATEGORIES = [
    ("产业项目", ["签约", "注册", "供地", "规划许可", "施工许可", "开工", "主体完工", "设备安装", "投产", "达产"]),
    ("基础设施项目", ["立项", "初步设计批复", "招标", "施工许可", "开工", "主体完工", "竣工验收"]),
    ("民生项目", ["立项", "用地", "招标", "施工许可", "开工", "主体完工", "竣工验收", "交付使用"]),
]

# Each project: key, name, category index, planning field, nature, owner key, leader key, lead department,
# total 万元, annual plan 万元 (区定), on the city list, actual start (None = not started), planned start,
# planned end, designed output 万元/yr, production due (投产 milestone date), scale.
LIST_PROJECTS = [
    ("ruiqing", "瑞庆混动发动机项目", 0, "industry", "new", "ruiqing", "deputy_industry", "经发局", 150000, 60000, True,
     "2024-06-18", "2024-06", "2025-12", 120000, "2025-06-20", "年产混合动力专用发动机30万台，建设机加、装配、试验车间"),
    ("zhuoli", "卓立膜材料扩建项目", 0, "industry", "expansion", "zhuoli", "deputy_industry", "经发局", 32000, 15000,
     True, "2024-09-10", "2024-09", "2025-10", 20000, "2025-05-30", "新建光学功能膜生产线4条"),
    ("aotesheng", "澳特盛新材料项目", 0, "industry", "new", "aotesheng", "deputy_industry", "经发局", 45000, 20000,
     True, "2024-08-06", "2024-08", "2025-12", 35000, "2025-06-15", "年产高性能复合材料5万吨"),
    ("mingren", "明仁药业生产基地项目", 0, "industry", "new", "mingren", "deputy_industry", "经发局", 38000, 16000,
     True, "2024-07-22", "2024-07", "2025-11", 30000, "2025-06-28", "建设原料药及制剂生产车间、质检中心"),
    ("xiagong", "厦工机械智能化技改项目", 0, "industry", "tech", "xiagong", "deputy_industry", "经发局", 12000, 6000,
     False, "2025-02-20", "2025-02", "2025-12", 8000, None, "装载机焊接、涂装生产线智能化改造"),
    ("hydrogen", "氢能装备产业园项目", 0, "industry", "new", "hydrogen", "member_invest", "招商中心", 60000, 15000,
     False, None, "2025-03", "2027-06", 50000, None, "建设电解槽、储氢装备生产厂房及研发中心"),
    ("battery", "新能源电池材料项目", 0, "industry", "new", "battery", "deputy_industry", "经发局", 55000, 18000, True,
     "2025-01-15", "2025-01", "2026-06", 45000, None, "年产2万吨磷酸锰铁锂正极材料"),
    ("sensor", "智能传感器产业园项目", 0, "innovation", "new", "sensor", "member_invest", "招商中心", 30000, 8000,
     False, None, "2025-04", "2026-12", 25000, None, "建设MEMS传感器封装测试厂房及孵化楼"),
    ("bio", "生物医药中试基地项目", 0, "innovation", "new", "bio", "deputy_industry", "科创局", 20000, 6000, False,
     None, "2025-06", "2026-12", 12000, None, "建设生物医药中试车间和公共检测平台"),
    ("equipment", "高端装备制造产业园（二期）", 0, "industry", "expansion", "equipment", "deputy_industry", "经发局",
     40000, 12000, True, "2024-11-05", "2024-11", "2026-06", 30000, None, "建设标准化厂房12万平方米"),
    ("digital", "数字经济产业园项目", 0, "new_infra", "new", "digital", "member_invest", "招商中心", 25000, 6000,
     False, None, "2025-07", "2026-12", 15000, None, "建设数字经济企业总部楼宇及配套"),
    ("coldchain", "冷链物流园项目", 0, "industry", "new", "coldchain", "member_invest", "招商中心", 18000, 5000, False,
     None, "2025-05", "2026-10", 10000, None, "建设冷库3万吨及分拣配送中心"),
    ("zijing", "紫荆大道（东延）建设工程", 1, "traditional_infra", "new", "urbaninvest", "deputy_urban", "住建局", 68000,
     25000, True, "2024-10-08", "2024-10", "2025-12", None, None, "道路全长4.2公里，红线宽60米，含雨污管网、照明、绿化"),
    ("shanyang", "山阳路桥建设工程", 1, "traditional_infra", "new", "urbaninvest", "deputy_urban", "住建局", 26000,
     12000, True, "2024-12-02", "2024-12", "2025-11", None, None, "新建跨河桥梁1座，长380米"),
    ("nanhai", "南海路排水河治理工程", 1, "traditional_infra", "reconstruction", "urbaninvest", "deputy_urban",
     "住建局", 15000, 6000, False, "2025-03-01", "2025-03", "2025-10", None, None, "排水河清淤、护岸及截污工程2.6公里"),
    ("shenzhou", "神州路绿化提升工程", 1, "livelihood", "reconstruction", "urbanadmin", "deputy_urban", "城管局", 3200,
     3200, False, "2025-02-25", "2025-02", "2025-06", None, None, "公共空间治理：拆除围挡、补植苗木、提升绿化"),
    ("longyuan", "龙源路绿化提升工程", 1, "livelihood", "reconstruction", "urbanadmin", "deputy_urban", "城管局", 2800,
     2800, False, "2025-03-05", "2025-03", "2025-06", None, None, "道路两侧绿化提升1.8万平方米"),
    ("sewage", "污水处理厂（二期）提标扩容工程", 1, "traditional_infra", "expansion", "water", "deputy_urban", "环境分局",
     28000, 10000, True, "2024-09-20", "2024-09", "2025-12", None, None, "新增日处理能力5万吨，出水提标至准Ⅳ类"),
    ("water", "城乡一网供水工程", 1, "traditional_infra", "new", "water", "deputy_urban", "住建局", 35000, 12000, True,
     "2024-10-15", "2024-10", "2026-06", None, None, "铺设供水主管网56公里，新建加压站2座"),
    ("minzhu", "民主路公共空间治理项目", 1, "livelihood", "reconstruction", "urbanadmin", "deputy_urban", "城管局", 2000,
     2000, False, "2025-03-10", "2025-03", "2025-06", None, None, "拆除围挡、整治立面、增设口袋公园"),
    ("compute", "算力中心项目", 1, "new_infra", "new", "compute", "deputy_industry", "科创局", 30000, 5000, False, None,
     "2025-08", "2026-12", None, None, "建设2000个标准机架的智算中心"),
    ("pipes", "片区道路管网完善工程", 1, "traditional_infra", "new", "urbaninvest", "deputy_urban", "住建局", 12000,
     5000, False, "2025-03-18", "2025-03", "2025-12", None, None, "完善片区支路8条及雨污分流管网"),
    ("yuxi", "玉溪路小学建设项目", 2, "livelihood", "new", "social", "deputy_social", "社会事业局", 16000, 8000, True,
     "2024-08-15", "2024-08", "2025-08", None, None, "36个教学班，建筑面积2.4万平方米"),
    ("jinsha", "金沙社区城中村改造项目", 2, "livelihood", "reconstruction", "jinsha", "director", "住建局", 70000,
     12000, True, "2024-05-10", "2024-05", "2026-12", None, None, "安置房38万平方米及配套设施"),
    ("elderly", "养老综合体项目", 2, "livelihood", "new", "elderly", "deputy_social", "社会事业局", 22000, 8000, True,
     "2024-12-20", "2024-12", "2026-06", None, None, "床位800张的医养结合综合体"),
    ("clinic", "社区卫生服务中心项目", 2, "livelihood", "new", "social", "deputy_social", "社会事业局", 6000, 2000, False,
     None, "2025-05", "2026-06", None, None, "建筑面积6000平方米"),
    ("rental", "保障性租赁住房项目", 2, "livelihood", "new", "housing", "director", "住建局", 24000, 6000, False,
     "2025-01-08", "2025-01", "2026-10", None, None, "保障性租赁住房1200套"),
    ("oldcomm", "老旧小区改造项目", 2, "livelihood", "reconstruction", "housing", "deputy_urban", "住建局", 9000, 4000,
     False, "2025-03-25", "2025-03", "2025-11", None, None, "改造老旧小区14个，惠及3200户"),
    ("fitness", "全民健身中心项目", 2, "livelihood", "new", "social", "deputy_social", "社会事业局", 8000, 2000, False,
     None, "2025-06", "2026-09", None, None, "建设综合体育馆及室外运动场地"),
    ("kinder", "第二幼儿园建设项目", 2, "livelihood", "new", "social", "deputy_social", "社会事业局", 5000, 3000, False,
     None, "2025-04", "2026-03", None, None, "12个班幼儿园"),
]

# The reserve beyond this year's list: planned, in promotion, awaiting start, built, effective, paused, withdrawn.
RESERVE_PROJECTS = [
    # key, name, category, planning field, stage, owner key or None, lead department, total 万元, scale
    ("lowalt", "低空经济产业园项目", 0, "new_infra", "planning", None, "招商中心", 80000, "无人机研发制造及试飞基地"),
    ("iov", "智能网联汽车零部件产业园", 0, "industry", "planning", None, "经发局", 120000, "汽车电子及零部件配套园区"),
    ("talent", "人才公寓项目", 2, "livelihood", "planning", None, "住建局", 18000, "人才公寓800套"),
    ("reuse", "中水回用工程", 1, "traditional_infra", "planning", None, "环境分局", 9000, "中水回用管网及泵站"),
    ("incubator", "科创孵化器项目", 0, "innovation", "planning", None, "科创局", 15000, "孵化面积5万平方米"),
    ("parking", "智慧停车设施项目", 1, "new_infra", "planning", None, "城管局", 6000, "公共停车位2000个"),
    ("vocational", "职业教育实训基地", 2, "livelihood", "planning", None, "社会事业局", 20000, "实训楼及设备"),
    ("newmat", "新锐新材料项目", 0, "industry", "promotion", "newmat", "招商中心", 35000, "年产特种涂层材料2万吨"),
    ("semicon", "功率半导体封测项目", 0, "industry", "promotion", None, "招商中心", 50000, "功率器件封装测试线"),
    ("logistics", "综合物流枢纽项目", 1, "traditional_infra", "promotion", None, "招商中心", 42000, "公铁联运物流枢纽"),
    ("recycle", "再生资源综合利用项目", 0, "industry", "pending", None, "经发局", 16000, "年处理再生资源10万吨"),
    ("factory1", "标准化厂房（一期）", 0, "industry", "completed", "equipment", "经发局", 26000, "标准化厂房8万平方米"),
    ("innovation", "创新创业中心", 0, "innovation", "completed", "digital", "科创局", 14000, "双创载体3万平方米"),
    ("gearbox", "变速器精密加工项目", 0, "industry", "effective", "xiagong", "经发局", 22000, "年产变速器壳体50万件"),
    ("filmline", "光学膜一期项目", 0, "industry", "effective", "zhuoli", "经发局", 18000, "光学功能膜生产线2条"),
    ("hotel", "会展酒店项目", 2, "livelihood", "suspended", None, "招商中心", 30000, "会展中心配套酒店"),
    ("chem", "精细化工中间体项目", 0, "industry", "withdrawn", None, "经发局", 12000, "不符合园区产业准入要求"),
]

# Whom the demo logins belong to.
OWNER_ENTERPRISE = "urbaninvest"
DEPARTMENT_USER = "住建局"
LEADER_PERSON = "director"
