"""Messages to departments by email and by DingTalk or WeCom group robot, kept and retried.

A notification is written first and delivered after the transaction commits, so a problem is
saved even when a mail server or a robot is down; failures stay in the table for ``send_pending``
(``manage.py send_notifications``) to retry.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from problems.choices import Channel, Delivery, Webhook
from problems.models import Notification

MAX_ATTEMPTS = 5
TIMEOUT_SECONDS = 5


def notify(problem, kind):
    """Queue the messages of a problem event ("assigned" or "reminder") and try them at once."""
    department = problem.department
    subject, body = _message(problem, kind)
    queued = []
    if department.email:
        queued.append(
            Notification(problem=problem, channel=Channel.EMAIL, subject=subject, body=body)
        )
    if department.webhook and department.webhook_url:
        queued.append(
            Notification(problem=problem, channel=Channel.WEBHOOK, subject=subject, body=body)
        )
    created = Notification.objects.bulk_create(queued)
    transaction.on_commit(lambda: [deliver(n) for n in created])
    return created


def _message(problem, kind):
    values = {
        "project": str(problem.subject),
        "category": problem.get_category_display(),
        "deadline": problem.deadline.isoformat(),
        "department": problem.department.name,
    }
    if kind == "reminder":
        subject = _("Reminder: problem of %(project)s due on %(deadline)s") % values
    else:
        subject = _("New problem for %(department)s: %(project)s (%(category)s)") % values
    body = "\n".join(
        [
            subject,
            problem.description,
            _("Deadline: %(deadline)s") % values,
        ]
    )
    return subject, body


def deliver(notification):
    """One attempt; the outcome is recorded on the notification."""
    notification.attempts += 1
    try:
        if notification.channel == Channel.EMAIL:
            send_mail(
                notification.subject,
                notification.body,
                settings.DEFAULT_FROM_EMAIL,
                [notification.problem.department.email],
            )
        else:
            _post_robot(notification.problem.department, notification.body)
    except Exception as error:  # any transport failure is recorded and retried later
        notification.status, notification.last_error = Delivery.FAILED, str(error)[:2000]
    else:
        notification.status, notification.sent_at = Delivery.SENT, timezone.now()
        notification.last_error = ""
    notification.save(update_fields=["attempts", "status", "last_error", "sent_at"])
    return notification


def _post_robot(department, text):
    """DingTalk and WeCom group robots take the same text message; DingTalk may sign it."""
    url = department.webhook_url
    if department.webhook == Webhook.DINGTALK and department.webhook_secret:
        url = _signed(url, department.webhook_secret)
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"not a web address: {url!r}")
    payload = json.dumps({"msgtype": "text", "text": {"content": text}}).encode()
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url, data=payload, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        answer = json.loads(response.read() or b"{}")
    if answer.get("errcode", 0) != 0:
        raise RuntimeError(f"robot refused: {answer}")


def _signed(url, secret):
    """DingTalk's signature: HMAC-SHA256 of "timestamp\\nsecret", base64, URL-encoded."""
    timestamp = str(round(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp}&sign={sign}"


def send_pending():
    """Retry every pending or failed notification that has attempts left."""
    waiting = Notification.objects.filter(
        status__in=[Delivery.PENDING, Delivery.FAILED], attempts__lt=MAX_ATTEMPTS
    ).select_related("problem__department", "problem__project")
    return [deliver(n) for n in waiting]
