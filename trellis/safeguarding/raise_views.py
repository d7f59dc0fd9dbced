from django.http import Http404


def _not_built(request, **kwargs):
    raise Http404("Not built yet.")


raise_concern = raised = shared_notes = shared_note = _not_built
