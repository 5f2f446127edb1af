"""The demo records the fuzzer's generated path ids map onto, for the hazards, key tasks and tours operations."""

from tuijin.safety.models import Hazard, Inspection
from tuijin.tasks.models import KeyTask, TaskStep
from tuijin.tours.models import Stop, Tour


def safety_ids() -> dict[str, list[int]]:
    def pks(model) -> list[int]:
        return list(model.objects.order_by("pk").values_list("pk", flat=True))

    return {"hazard_id": pks(Hazard), "inspection_id": pks(Inspection), "task_id": pks(KeyTask),
            "step_id": pks(TaskStep), "tour_id": pks(Tour), "stop_id": pks(Stop)}
