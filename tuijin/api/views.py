"""接口令牌: each user makes and revokes their own tokens for the JSON API. A new token's text is shown once, on
the answer to the form that made it; only its digest is kept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tuijin.core.pages import add_errors, business_user

from . import tokens
from .forms import TokenForm


@never_cache  # the page may carry a new token's text: no cache keeps it
@business_user
def token_list(request):
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = tokens.token_create(actor=request.user, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            created = {"token": token, "raw": raw}
            form = TokenForm()
    return render(request, "api/tokens.html", {
        "form": form, "created": created, "tokens": tokens.tokens_of(request.user), "now": timezone.now()})


@business_user
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(tokens.tokens_of(request.user), pk=pk)
    try:
        tokens.token_revoke(actor=request.user, token=token)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("令牌“%(n)s”已吊销，立即失效。") % {"n": token.name})
    return redirect("tokens:list")
