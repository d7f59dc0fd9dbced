from django.http import Http404


def _not_built(request, **kwargs):
    raise Http404("Not built yet.")


dashboard = closed = concern_detail = concern_triage_view = entry_add = _not_built
referral_add = referral_reference = share_note = file_add = file_download = _not_built
close = reopen = reads = _not_built
