import html

import pytest
from django.urls import reverse

from trellis.notices.models import Notice
from trellis.notices.services import notify

pytestmark = pytest.mark.django_db

INDEX = reverse("notices:index")


def text(response) -> str:
    return html.unescape(response.content.decode())


def open_url(notice) -> str:
    return reverse("notices:open", args=[notice.pk])


def test_the_list_tags_urgent_and_new(client, people):
    [calm] = notify([people.dina], title="A calm notice", url="/")
    [urgent] = notify([people.dina], title="An urgent notice", url="/", urgent=True)
    Notice.objects.filter(pk=calm.pk).update(read_at=urgent.created_at)
    client.force_login(people.dina)
    page = text(client.get(INDEX))
    assert "A calm notice" in page
    assert "An urgent notice" in page
    urgent_part = page[page.index(f'action="{open_url(urgent)}"') :]
    urgent_part = urgent_part[: urgent_part.index("</li>")]
    assert "Urgent" in urgent_part
    assert "New" in urgent_part
    calm_part = page[page.index(f'action="{open_url(calm)}"') :]
    calm_part = calm_part[: calm_part.index("</li>")]
    assert "Urgent" not in calm_part
    assert "New" not in calm_part
    assert "notice-list__item--unread" in page


def test_the_list_shows_only_ones_own(client, people):
    notify([people.dina], title="For Dina only")
    client.force_login(people.carl)
    assert "For Dina only" not in text(client.get(INDEX))


def test_the_list_is_paginated(client, people):
    for number in range(30):
        notify([people.carl], title=f"Notice {number}")
    client.force_login(people.carl)
    first = client.get(INDEX)
    assert len(first.context["page"].object_list) == 25
    assert "Page 1 of 2" in text(first)
    second = client.get(INDEX, {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_opening_marks_read_and_goes_to_its_page(client, people):
    url = reverse("safeguarding:raised")
    [notice] = notify([people.carl], title="Go there", url=url)
    client.force_login(people.carl)
    response = client.post(open_url(notice))
    assert response.status_code == 302
    assert response.url == url
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_opening_needs_a_post(client, people):
    [notice] = notify([people.carl], title="Go there", url="/")
    client.force_login(people.carl)
    assert client.get(open_url(notice)).status_code == 405


def test_someone_elses_notice_is_not_found(client, people):
    [notice] = notify([people.dina], title="For Dina only", url="/")
    client.force_login(people.carl)
    assert client.post(open_url(notice)).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/path"])
def test_an_external_url_is_not_followed(client, people, url):
    [notice] = notify([people.carl], title="Elsewhere", url=url)
    client.force_login(people.carl)
    response = client.post(open_url(notice))
    assert response.status_code == 302
    assert response.url == INDEX


def test_the_header_counts_unread_notices(client, people):
    notify([people.carl], title="One")
    notify([people.carl], title="Two")
    client.force_login(people.carl)
    page = text(client.get(reverse("home:index")))
    assert 'href="/notices/"' in page
    assert '2<span class="visually-hidden"> unread</span>' in page
