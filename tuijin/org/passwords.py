"""Password rules of the 等保 level-3 baseline, with their messages in Chinese: at least 10 characters, three
of four character classes, not like the username, not a common password."""

import re

from django.contrib.auth.password_validation import CommonPasswordValidator, UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = [re.compile(r"[A-Z]"), re.compile(r"[a-z]"), re.compile(r"[0-9]"), re.compile(r"[^A-Za-z0-9]")]


class MinimumLengthValidator:
    def __init__(self, min_length: int = 10):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(_("密码至少需要%(n)s个字符。") % {"n": self.min_length}, code="password_too_short")

    def get_help_text(self):
        return _("至少%(n)s个字符。") % {"n": self.min_length}


class CharacterClassesValidator:
    def __init__(self, required: int = 3):
        self.required = required

    def validate(self, password, user=None):
        if sum(1 for pattern in CLASSES if pattern.search(password)) < self.required:
            raise ValidationError(_("密码须包含大写字母、小写字母、数字、符号中的至少%(n)s类。") % {"n": self.required},
                                  code="password_too_simple")

    def get_help_text(self):
        return _("包含大写字母、小写字母、数字、符号中的至少%(n)s类。") % {"n": self.required}


class NotLikeUsernameValidator(UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as error:
            raise ValidationError(_("密码不能与用户名或姓名相同或相近。"), code="password_too_similar") from error
        if user is not None and user.username and user.username.lower() in password.lower():
            raise ValidationError(_("密码不能包含用户名。"), code="password_too_similar")

    def get_help_text(self):
        return _("不能与用户名或姓名相近。")


class NotCommonValidator(CommonPasswordValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as error:
            raise ValidationError(_("这个密码太常见，请换一个。"), code="password_too_common") from error

    def get_help_text(self):
        return _("不能是常见密码。")
