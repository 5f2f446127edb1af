"""The safety app's rows of the route × role matrix. The scene's hazard was found at the demo owner's project
(紫荆大道) and handed to the demo department (住建局); the other one, at 厦工机械, is handed to 应急局."""

from django.core.files.base import ContentFile
from django.urls import reverse

from .matrix import BUSINESS, POST, only

MATRIX = {
    "safety:hazards": (lambda s: reverse("safety:hazards"), BUSINESS),
    "safety:ledger": (lambda s: reverse("safety:ledger"), BUSINESS),
    "safety:stats": (lambda s: reverse("safety:stats"), BUSINESS),
    "safety:campaigns": (lambda s: reverse("safety:campaigns"), BUSINESS),
    "safety:inspections": (lambda s: reverse("safety:inspections"), BUSINESS),
    "safety:inspection_new": (lambda s: reverse("safety:inspection_new"), only("coordinator")),
    "safety:inspection": (lambda s: reverse("safety:inspection", args=[s.inspection.pk]), BUSINESS),
    "safety:hazard": (lambda s: reverse("safety:hazard", args=[s.hazard.pk]), BUSINESS),
    "safety:photos_add": (lambda s: reverse("safety:photos_add", args=[s.hazard.pk]), POST),
    "safety:letter": (lambda s: reverse("safety:letter", args=[s.hazard.pk, "supervise"]), POST),
    "safety:photo": (lambda s: reverse("safety:photo", args=[s.hazard_photo.pk]), BUSINESS),
    "safety:letter_file": (lambda s: reverse("safety:letter_file", args=[s.hazard_letter.pk]), BUSINESS),
}

OUT_OF_SCOPE = {
    "safety:hazard": lambda s: reverse("safety:hazard", args=[s.other_hazard.pk]),
    "safety:inspection": lambda s: reverse("safety:inspection", args=[s.other_inspection.pk]),
    "safety:photo": lambda s: reverse("safety:photo", args=[s.other_hazard_photo.pk]),
    "safety:letter_file": lambda s: reverse("safety:letter_file", args=[s.other_hazard_letter.pk]),
}


def add_to_scene(s) -> None:
    from tuijin.core.loop import LetterKind
    from tuijin.org.models import User
    from tuijin.safety.models import Hazard, HazardPhoto
    from tuijin.safety.services import hazard_letter

    coordinator = User.objects.get(username="coordinator")
    s.hazard = Hazard.objects.get(description__startswith="施工便道与现状道路交叉口")
    s.other_hazard = Hazard.objects.get(description__startswith="甲类仓库超量储存")
    s.inspection, s.other_inspection = s.hazard.inspection, s.other_hazard.inspection
    s.hazard_photo = HazardPhoto.objects.create(hazard=s.hazard, image=ContentFile(b"\xff\xd8\xff", name="h.jpg"))
    s.other_hazard_photo = HazardPhoto.objects.create(hazard=s.other_hazard,
                                                      image=ContentFile(b"\xff\xd8\xff", name="o.jpg"))
    s.hazard_letter = hazard_letter(actor=coordinator, hazard=s.hazard, kind=LetterKind.SUPERVISE)
    s.other_hazard_letter = hazard_letter(actor=coordinator, hazard=s.other_hazard, kind=LetterKind.REMIND)
