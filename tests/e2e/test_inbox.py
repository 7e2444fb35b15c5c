"""The in-app inbox in the browser: the bell's count, reading a message, marking all read."""

import pytest

from portal.enums import Role
from portal.models import Notification
from portal.outbox import queue_notification

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_bell_counts_unread_messages_and_reading_them_clears_it(
    page, phone, live_server, demo, log_in, screenshot
):
    people, calls = demo
    applicant = people[Role.APPLICANT]
    call = calls["ccic"]
    for kind in ("new_call", "new_call", "panel_invitation"):  # the same event twice: one row
        queue_notification(
            kind=kind,
            recipient=applicant,
            dedupe_key=f"{kind}:{call.pk}:{applicant.pk}",
            link=call.get_absolute_url(),
            context={"call": call, "link": "/"},
        )
    assert Notification.objects.filter(recipient=applicant).count() == 2

    log_in(page, applicant.email)
    bell = page.locator(
        "nav a.d-none.d-lg-inline-block[href='/inbox/'], nav .collapse a[href='/inbox/']"
    )
    assert bell.locator(".badge").inner_text() == "2"

    bell.click()
    page.wait_for_load_state()
    items = page.locator("main .list-group-item")
    assert items.count() == 2
    screenshot(page, "inbox-th")

    items.first.click()  # newest first: opens its link and marks it read
    page.wait_for_load_state()
    assert page.url.endswith(call.get_absolute_url()) or page.url.endswith("/")
    assert bell.locator(".badge").inner_text() == "1"

    page.goto(f"{live_server.url}/inbox/")
    page.locator("form[action='/inbox/read-all/'] button").click()
    page.wait_for_load_state()
    assert bell.locator(".badge").count() == 0
    assert Notification.objects.filter(recipient=applicant, read_at__isnull=True).count() == 0

    Notification.objects.update(read_at=None)
    log_in(phone, applicant.email)
    phone_bell = phone.locator("nav a.d-lg-none[href='/inbox/']")
    assert phone_bell.is_visible()  # in sight without opening the folded menu
    assert phone_bell.locator(".badge").inner_text() == "2"
    phone.goto(f"{live_server.url}/inbox/")
    screenshot(phone, "inbox-th-phone")
    assert phone.locator("main .list-group-item").count() == 2
