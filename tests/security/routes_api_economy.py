"""The JSON API's rows for economic indicators and enterprise services: indicators as the 经济运行 pages (owners
403), enterprise services as the 助企服务 pages (each role its own scope; other enterprises and their demands 404).
A GET by a signed-in session; paths without GET answer 405; nobody signed in gets 401."""

from django.urls import reverse

from tuijin.assist.models import Demand
from tuijin.economy.models import Indicator
from tuijin.org.models import Enterprise

from .matrix import DENY
from .routes_api import API_BUSINESS, API_NO_GET

API_READERS = {**API_BUSINESS, "owner": DENY}


def api(name, *attrs):
    return lambda s: reverse(f"api:{name}", args=[getattr(s, a).pk for a in attrs])


MATRIX = {
    "api:indicators": (api("indicators"), API_READERS),
    "api:indicator_figures": (api("indicator_figures"), API_READERS),
    "api:indicator_figure_save": (api("indicator_figure_save", "api_indicator"), API_NO_GET),
    "api:indicator_paragraph": (api("indicator_paragraph"), API_READERS),
    "api:assist_enterprises": (api("assist_enterprises"), API_BUSINESS),
    "api:assist_enterprise": (api("assist_enterprise", "api_enterprise"), API_BUSINESS),
    "api:assist_profile_save": (api("assist_profile_save", "api_enterprise"), API_NO_GET),
    # Lists answer GET and their POST (record) shares the path: the GET answer stands for both names.
    "api:assist_awards": (api("assist_awards"), API_BUSINESS),
    "api:assist_award_record": (api("assist_award_record"), API_BUSINESS),
    "api:assist_financing": (api("assist_financing"), API_BUSINESS),
    "api:assist_financing_record": (api("assist_financing_record"), API_BUSINESS),
    "api:assist_help": (api("assist_help"), API_BUSINESS),
    "api:assist_help_record": (api("assist_help_record"), API_BUSINESS),
    "api:assist_demands": (api("assist_demands"), API_BUSINESS),
    "api:assist_demand_raise": (api("assist_demand_raise"), API_BUSINESS),
    "api:assist_demand": (api("assist_demand", "api_demand"), API_BUSINESS),
    "api:assist_demand_handover": (api("assist_demand_handover", "api_demand"), API_NO_GET),
    "api:assist_demand_progress": (api("assist_demand_progress", "api_demand"), API_NO_GET),
    "api:assist_demand_escalate": (api("assist_demand_escalate", "api_demand"), API_NO_GET),
    "api:assist_demand_close": (api("assist_demand_close", "api_demand"), API_NO_GET),
    "api:assist_demand_rate": (api("assist_demand_rate", "api_demand"), API_NO_GET),
    "api:assist_kpi": (lambda s: reverse("api:assist_kpi") + "?quarter=2025Q1", API_BUSINESS),
}

OUT_OF_SCOPE = {
    "api:assist_enterprise": api("assist_enterprise", "api_other_enterprise"),
    "api:assist_demand": api("assist_demand", "api_other_demand"),
}



def add_to_scene(s) -> None:
    s.api_indicator = Indicator.objects.get(name="固定资产投资")
    s.api_enterprise = Enterprise.objects.get(name="焦作高新区城市建设投资有限公司")  # the owner's; 住建局 works its demands
    s.api_other_enterprise = Enterprise.objects.get(name="瑞庆汽车发动机（焦作）有限公司")
    s.api_demand = Demand.objects.get(description="安置房项目历史遗留不动产证分户办理")
    s.api_other_demand = Demand.objects.get(enterprise=s.api_other_enterprise)
