"""The 招商 and 争资 API resources' rows of the route × role matrix (a GET by a signed-in session; see
routes_api.py for how API answers differ from the pages').

招商: owners have no 招商 resources (403, as on the pages), so a lead outside the department's scope cannot sit
in OUT_OF_SCOPE, whose owner row expects 404; tests/api/test_promotion_api.py covers it per role. 争资: the
owner and 住建局 read the application of 紫荆大道; 玉溪路小学's is outside their scope (404). The scene's `lead`,
`application` and `other_application` are looked up by routes_promotion.py and routes_funding.py."""

from .matrix import DENY
from .routes_api import API_BUSINESS, API_NO_GET, api

PROMOTION_READERS = {**API_BUSINESS, "owner": DENY}

MATRIX = {
    # /leads answers GET (list) and POST (create); /leads/{id} GET and PATCH: the GET answer stands for both.
    "api:leads": (api("leads"), PROMOTION_READERS),
    "api:lead_create": (api("lead_create"), PROMOTION_READERS),
    "api:lead": (api("lead", "lead"), PROMOTION_READERS),
    "api:lead_update": (api("lead_update", "lead"), PROMOTION_READERS),
    "api:lead_move": (api("lead_move", "lead"), API_NO_GET),
    "api:lead_contact_add": (api("lead_contact_add", "lead"), API_NO_GET),
    "api:lead_sign": (api("lead_sign", "lead"), API_NO_GET),
    "api:lead_fund_add": (api("lead_fund_add", "lead"), API_NO_GET),
    "api:lead_convert": (api("lead_convert", "lead"), API_NO_GET),
    "api:promotion_kpis": (api("promotion_kpis"), PROMOTION_READERS),
    "api:funding_channels": (api("funding_channels"), API_BUSINESS),
    "api:funding_applications": (api("funding_applications"), API_BUSINESS),
    "api:funding_application_create": (api("funding_application_create"), API_BUSINESS),
    "api:funding_application": (api("funding_application", "application"), API_BUSINESS),
    "api:funding_application_update": (api("funding_application_update", "application"), API_BUSINESS),
    "api:funding_application_move": (api("funding_application_move", "application"), API_NO_GET),
    "api:funding_reserve": (api("funding_reserve"), API_BUSINESS),
}

OUT_OF_SCOPE = {
    "api:funding_application": api("funding_application", "other_application"),
    "api:funding_application_update": api("funding_application_update", "other_application"),
}
