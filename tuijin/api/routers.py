"""The domains the API serves: one router each, in the domain's own `api.py`. A new domain joins with one line
here; its paths, schemas and URL names are its own (URL names become `api:<name>`, so keep them unique;
Schema class names become OpenAPI component names, so they too must differ across domains — tests/api/test_docs.py)."""

ROUTERS = [
    "tuijin.org.api.router",
    "tuijin.projects.api.router",
    "tuijin.dispatch.api.router",
    "tuijin.tracking.api.router",
    "tuijin.promotion.api.router",
    "tuijin.funding.api.router",
    "tuijin.economy.api.router",
    "tuijin.assist.api.router",
    "tuijin.safety.api.router",
    "tuijin.tasks.api.router",
    "tuijin.tours.api.router",
]
