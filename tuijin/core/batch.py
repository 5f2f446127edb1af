"""Writes of many records at once (an imported sheet's rows) keep every rule of the one-at-a-time service: each
item is checked, and if any is refused nothing is written and the caller learns which."""

from django.core.exceptions import ValidationError


class Refused(ValidationError):
    """Items of a batch that break the rules: `by_item` maps each one's index in the batch to its error."""

    def __init__(self, by_item: dict[int, ValidationError]):
        super().__init__([message for error in by_item.values() for message in error.messages])
        self.by_item = by_item
