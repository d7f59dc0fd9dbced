import re

from trellis.notices.models import DeliveryChoice


def test_a_person_chooses_reminders_in_trellis_only(client, people):
    client.force_login(people.erin)

    page = client.get("/notices/choice/")
    saved = client.post("/notices/choice/", {"channel": "in_app"}, follow=True)

    assert page.status_code == 200
    assert re.search(r'value="email"[^>]*checked', page.content.decode())
    assert not re.search(r'value="in_app"[^>]*checked', page.content.decode())
    assert DeliveryChoice.objects.get(user=people.erin).channel == "in_app"
    assert "Saved. How you get reminders: In Trellis only." in saved.content.decode()


def test_a_choice_that_is_not_offered_is_refused_with_what_to_choose(client, people):
    client.force_login(people.erin)

    response = client.post("/notices/choice/", {"channel": "pigeon"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not DeliveryChoice.objects.exists()


def test_no_answer_is_refused_with_what_to_choose(client, people):
    client.force_login(people.erin)

    response = client.post("/notices/choice/", {})

    assert "Choose by email and in Trellis, or in Trellis only." in response.content.decode()
