"""The vocabulary of the route matrix: the roles, the answers, and the usual rows.

Each domain's routes live in a module `routes_<domain>.py` beside this one, holding `MATRIX` and
`OUT_OF_SCOPE` dicts shaped like the ones in test_route_matrix.py and, if its routes need objects, a
function `add_to_scene(scene)` that finds them in the demo zone and sets them on the scene.
test_route_matrix.py collects every such module, so a new domain's routes never edit a shared table.
"""

ROLES = ["owner", "department", "coordinator", "leader", "auditor", "admin", "anonymous"]
# Django's own admin has its own tests (tests/test_admin.py); the matrix covers every other namespace.
LEFT_TO_ADMIN_TESTS = {"admin"}

OK, GO, DENY, HIDE, POST_ONLY = 200, 302, 403, 404, 405
BUSINESS = {"owner": OK, "department": OK, "coordinator": OK, "leader": OK, "auditor": DENY, "admin": DENY,
            "anonymous": GO}
POST = {"owner": POST_ONLY, "department": POST_ONLY, "coordinator": POST_ONLY, "leader": POST_ONLY,
        "auditor": DENY, "admin": DENY, "anonymous": GO}


def only(*allowed, others=DENY):
    row = {role: (OK if role in allowed else others) for role in ROLES}
    row["auditor"], row["admin"], row["anonymous"] = DENY, DENY, GO
    for role in allowed:
        row[role] = OK
    return row
