from django import forms

from trellis.notices.models import DeliveryChoice


class DeliveryChoiceForm(forms.Form):
    channel = forms.ChoiceField(
        label="How do you want your reminders?",
        choices=DeliveryChoice.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose by email and in Trellis, or in Trellis only."},
    )
