from django import forms

from trellis.showcase.rules import NARRATIVE_MAX_WORDS


class SectionForm(forms.Form):
    """One section: the evidence picked from the items offered, and the narrative."""

    evidence = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence to show",
    )
    narrative = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        label="Narrative",
        help_text=f"Say why this evidence shows the KSBs well, in at most {NARRATIVE_MAX_WORDS} "
        "words.",
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = [(item.pk, item.title) for item in candidates]
