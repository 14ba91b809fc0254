"""Notifications against real servers on loopback: an SMTP server (aiosmtpd) and an HTTP receiver
standing in for the DingTalk and WeCom group robots. Nothing is mocked: the messages cross a socket.
"""

import base64
import datetime
import email
import hashlib
import hmac
import io
import json
import socket
import threading
import time
import urllib.parse
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from problems.choices import Category, Channel, Delivery, ProblemStatus, Webhook
from problems.models import Department, Notification, Problem
from problems.services import raise_problem, resolve_problem

DESCRIPTION = "设备安装计划被迫推迟：厂区供电方案和设计图纸尚未落实"
SECRET = "SEC0123456789abcdef"
OK = {"errcode": 0, "errmsg": "ok"}


# ---------------------------------------------------------------- an SMTP server on loopback


class Mailbox:
    """The aiosmtpd handler: keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append(
            {
                "from": envelope.mail_from,
                "to": list(envelope.rcpt_tos),
                "subject": str(message["subject"]).strip(),  # unfolded
                "body": message.get_body(("plain",)).get_content(),
            }
        )
        return "250 Message accepted for delivery"


class LoopbackController(Controller):
    """aiosmtpd's controller on port 0: it learns the port the system gave it before its check."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def use_smtp(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


def start_smtp(port=0):
    mailbox = Mailbox()
    controller = LoopbackController(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    return mailbox, controller


@pytest.fixture
def smtp(settings):
    mailbox, controller = start_smtp()
    use_smtp(settings, controller.port)
    yield mailbox
    controller.stop()


# ---------------------------------------------------------------- an HTTP receiver on loopback


class Receiver:
    """A group robot: records each POST (path, query, JSON body) and answers ``answer``."""

    def __init__(self, port=0, answer=None):
        self.requests = []
        self.answer = answer or OK
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                url = urllib.parse.urlsplit(self.path)
                receiver.requests.append(
                    {
                        "path": url.path,
                        "query": urllib.parse.parse_qs(url.query),
                        "content_type": self.headers.get("Content-Type"),
                        "json": json.loads(self.rfile.read(length)),
                    }
                )
                body = json.dumps(receiver.answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path="/robot/send", query="access_token=tok123"):
        return f"http://127.0.0.1:{self.port}{path}?{query}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def receiver():
    started = Receiver()
    yield started
    started.stop()


def closed_port():
    """A port nothing listens on (the system just handed it out and it was closed again)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------- the data


def department(cast, **channels):
    found = Department.objects.create(
        name="鞍山市自然资源局", region=cast.regions["anshan"], **channels
    )
    found.members.add(cast.department)
    return found


def raise_one(library, cast, to, **extra):
    return raise_problem(
        library.haicheng,
        actor=cast.unit,
        category=Category.POWER,
        description=DESCRIPTION,
        department=to,
        **extra,
    )


def dingtalk_sign(timestamp, secret):
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


# ---------------------------------------------------------------- email


def test_assignment_email_reaches_the_department(
    library, cast, smtp, django_capture_on_commit_callbacks
):
    to = department(cast, email="zrzyj@anshan.example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        problem = raise_one(library, cast, to)
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["to"] == ["zrzyj@anshan.example.cn"]
    assert library.haicheng.name in message["subject"]
    assert DESCRIPTION in message["body"]
    assert problem.deadline.isoformat() in message["body"]
    sent = Notification.objects.get(problem=problem)
    assert (sent.channel, sent.status, sent.attempts) == (Channel.EMAIL, Delivery.SENT, 1)
    assert sent.sent_at is not None and sent.last_error == ""


def test_no_email_without_an_address(library, cast, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        problem = raise_one(library, cast, department(cast))
    assert smtp.messages == []
    assert not problem.notifications.exists()


def test_nothing_is_sent_before_the_transaction_commits(library, cast, smtp, receiver):
    # The test's transaction never commits: the notifications are written but still pending.
    to = department(cast, email="zrzyj@anshan.example.cn", webhook=Webhook.WECOM)
    to.webhook_url = receiver.url()
    to.save()
    problem = raise_one(library, cast, to)
    assert smtp.messages == [] and receiver.requests == []
    assert set(problem.notifications.values_list("status", flat=True)) == {Delivery.PENDING}


# ---------------------------------------------------------------- robots


def test_dingtalk_robot_receives_a_text_message(
    library, cast, receiver, django_capture_on_commit_callbacks
):
    to = department(cast, webhook=Webhook.DINGTALK, webhook_url=receiver.url())
    with django_capture_on_commit_callbacks(execute=True):
        problem = raise_one(library, cast, to)
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request["path"] == "/robot/send"
    assert request["content_type"] == "application/json"
    assert request["query"] == {"access_token": ["tok123"]}  # no secret: not signed
    body = request["json"]
    assert set(body) == {"msgtype", "text"} and body["msgtype"] == "text"
    assert set(body["text"]) == {"content"}
    assert library.haicheng.name in body["text"]["content"]
    assert DESCRIPTION in body["text"]["content"]
    sent = problem.notifications.get()
    assert (sent.channel, sent.status) == (Channel.WEBHOOK, Delivery.SENT)


def test_dingtalk_robot_with_a_secret_gets_a_valid_signature(
    library, cast, receiver, django_capture_on_commit_callbacks
):
    to = department(
        cast, webhook=Webhook.DINGTALK, webhook_url=receiver.url(), webhook_secret=SECRET
    )
    before = round(time.time() * 1000)
    with django_capture_on_commit_callbacks(execute=True):
        raise_one(library, cast, to)
    after = round(time.time() * 1000)
    query = receiver.requests[0]["query"]
    assert query["access_token"] == ["tok123"]
    [timestamp], [sign] = query["timestamp"], query["sign"]
    # DingTalk refuses a timestamp more than an hour from its clock; this one is from just now.
    assert before <= int(timestamp) <= after
    # sign = base64(HMAC-SHA256(key=secret, "timestamp\nsecret")), URL-encoded (parse_qs decodes).
    assert sign == dingtalk_sign(timestamp, SECRET)
    assert sign != dingtalk_sign(timestamp, SECRET + "x")


def test_wecom_robot_receives_the_same_message(
    library, cast, receiver, django_capture_on_commit_callbacks
):
    url = receiver.url("/cgi-bin/webhook/send", "key=693a91f6-7xxx")
    # A secret is DingTalk's: a WeCom robot's address is never signed.
    to = department(cast, webhook=Webhook.WECOM, webhook_url=url, webhook_secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        raise_one(library, cast, to)
    [request] = receiver.requests
    assert request["path"] == "/cgi-bin/webhook/send"
    assert request["query"] == {"key": ["693a91f6-7xxx"]}
    assert request["json"]["msgtype"] == "text"
    assert set(request["json"]["text"]) == {"content"}
    assert DESCRIPTION in request["json"]["text"]["content"]


def test_email_and_robot_both_go_out(
    library, cast, smtp, receiver, django_capture_on_commit_callbacks
):
    to = department(
        cast,
        email="zrzyj@anshan.example.cn",
        webhook=Webhook.DINGTALK,
        webhook_url=receiver.url(),
        webhook_secret=SECRET,
    )
    with django_capture_on_commit_callbacks(execute=True):
        problem = raise_one(library, cast, to)
    assert len(smtp.messages) == 1 and len(receiver.requests) == 1
    assert smtp.messages[0]["subject"] in receiver.requests[0]["json"]["text"]["content"]
    assert sorted(problem.notifications.values_list("channel", "status")) == [
        (Channel.EMAIL, Delivery.SENT),
        (Channel.WEBHOOK, Delivery.SENT),
    ]


# ---------------------------------------------------------------- failure and retry


@pytest.mark.django_db(transaction=True)
def test_robot_down_keeps_the_problem_and_the_retry_delivers(library, cast):
    port = closed_port()
    to = department(
        cast,
        webhook=Webhook.DINGTALK,
        webhook_url=f"http://127.0.0.1:{port}/robot/send?access_token=tok123",
        webhook_secret=SECRET,
    )
    problem = raise_one(library, cast, to)  # commits: the delivery is tried at once, and fails
    assert Problem.objects.filter(pk=problem.pk, status=ProblemStatus.OPEN).exists()
    failed = Notification.objects.get(problem=problem)
    assert (failed.status, failed.attempts, failed.sent_at) == (Delivery.FAILED, 1, None)
    assert "refused" in failed.last_error.lower()

    out = io.StringIO()
    call_command("send_notifications", stdout=out, stderr=io.StringIO())  # still down
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Delivery.FAILED, 2)
    assert "0 sent, 1 failed" in out.getvalue()

    robot = Receiver(port=port)  # the robot is back, at the same address
    try:
        out = io.StringIO()
        call_command("send_notifications", stdout=out)
        failed.refresh_from_db()
        assert (failed.status, failed.attempts, failed.last_error) == (Delivery.SENT, 3, "")
        assert failed.sent_at is not None
        assert "1 tried, 1 sent, 0 failed" in out.getvalue()
        [request] = robot.requests
        assert DESCRIPTION in request["json"]["text"]["content"]
        assert request["query"]["sign"] == [dingtalk_sign(request["query"]["timestamp"][0], SECRET)]
        # Sent is sent: the next run has nothing to do.
        out = io.StringIO()
        call_command("send_notifications", stdout=out)
        assert "0 tried" in out.getvalue() and len(robot.requests) == 1
    finally:
        robot.stop()


@pytest.mark.django_db(transaction=True)
def test_robot_refusing_with_an_errcode_fails_and_is_retried(library, cast, receiver):
    receiver.answer = {"errcode": 310000, "errmsg": "sign not match"}
    to = department(cast, webhook=Webhook.WECOM, webhook_url=receiver.url())
    problem = raise_one(library, cast, to)
    failed = Notification.objects.get(problem=problem)
    assert failed.status == Delivery.FAILED
    assert "310000" in failed.last_error and "sign not match" in failed.last_error
    assert len(receiver.requests) == 1  # it did reach the robot

    receiver.answer = OK
    out = io.StringIO()
    call_command("send_notifications", stdout=out)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Delivery.SENT, 2)
    assert len(receiver.requests) == 2
    assert "1 sent" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_mail_server_down_then_up(library, cast, settings):
    port = closed_port()
    use_smtp(settings, port)
    to = department(cast, email="zrzyj@anshan.example.cn")
    problem = raise_one(library, cast, to)
    failed = Notification.objects.get(problem=problem)
    assert failed.status == Delivery.FAILED and failed.last_error
    mailbox, controller = start_smtp(port)
    try:
        call_command("send_notifications", stdout=io.StringIO())
        failed.refresh_from_db()
        assert failed.status == Delivery.SENT
        assert [m["to"] for m in mailbox.messages] == [["zrzyj@anshan.example.cn"]]
    finally:
        controller.stop()


@pytest.mark.django_db(transaction=True)
def test_a_notification_out_of_attempts_is_no_longer_tried(library, cast, receiver):
    to = department(cast, webhook=Webhook.WECOM, webhook_url=receiver.url())
    problem = raise_one(library, cast, to)
    Notification.objects.filter(problem=problem).update(status=Delivery.FAILED, attempts=5)
    out = io.StringIO()
    call_command("send_notifications", stdout=out)
    assert "0 tried" in out.getvalue()
    assert len(receiver.requests) == 1  # only the first, at assignment


# ---------------------------------------------------------------- reminders


@pytest.mark.django_db(transaction=True)
def test_reminders_go_out_once_a_day(library, cast, settings, receiver):
    settings.LANGUAGE_CODE = "en"  # the command writes in the site's language; read it in English
    mailbox, controller = start_smtp()
    use_smtp(settings, controller.port)
    try:
        to = department(
            cast, email="zrzyj@anshan.example.cn", webhook=Webhook.WECOM, webhook_url=receiver.url()
        )
        today = timezone.localdate()
        soon = raise_one(library, cast, to, deadline=today + datetime.timedelta(days=2))
        due_today = raise_one(library, cast, to, deadline=today)
        later = raise_one(library, cast, to, deadline=today + datetime.timedelta(days=10))
        done = raise_one(library, cast, to, deadline=today + datetime.timedelta(days=1))
        resolve_problem(done, resolution="已协调解决", actor=cast.department)
        assert len(mailbox.messages) == 4  # the four assignments

        out = io.StringIO()
        call_command("remind_problems", "--days", "3", stdout=out)
        assert "reminders: 2 problems" in out.getvalue()
        assert "4 messages sent, 0 failed" in out.getvalue()
        reminders = mailbox.messages[4:]
        assert sorted(m["subject"] for m in reminders) == sorted(
            f"Reminder: problem of {library.haicheng.name} due on {p.deadline.isoformat()}"
            for p in [soon, due_today]
        )
        assert len(receiver.requests) == 6  # four assignments and two reminders

        # Again the same day: nothing new.
        out = io.StringIO()
        call_command("remind_problems", stdout=out)
        assert "reminders: 0 problems" in out.getvalue()
        assert len(mailbox.messages) == 6 and len(receiver.requests) == 6

        # A wider window reaches the later problem, still once.
        call_command("remind_problems", "--days", "10", stdout=io.StringIO())
        call_command("remind_problems", "--days", "10", stdout=io.StringIO())
        assert len(mailbox.messages) == 7
        assert Notification.objects.filter(problem=later).count() == 4  # assigned + reminded ×2
        assert not Notification.objects.filter(
            problem=done, subject__startswith="Reminder"
        ).exists()

        # The next day (yesterday's reminders aged by a day), each is reminded again, once.
        Notification.objects.update(created_at=timezone.now() - datetime.timedelta(days=1))
        call_command("remind_problems", "--days", "10", stdout=io.StringIO())
        call_command("remind_problems", "--days", "10", stdout=io.StringIO())
        assert len(mailbox.messages) == 10
        assert Notification.objects.filter(problem=soon, channel=Channel.EMAIL).count() == 3
    finally:
        controller.stop()


def test_remind_problems_refuses_negative_days(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("remind_problems", "--days", "-1", stdout=io.StringIO())


def test_a_reminder_is_recognised_in_every_language(library, cast, settings):
    """Once a day is checked on the subject, whatever language the reminder went out in."""
    import re

    from django.utils import translation

    from problems.management.commands.remind_problems import reminder_pattern
    from problems.notifications import _message

    problem = raise_one(library, cast, department(cast))
    pattern = reminder_pattern()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reminder, assigned = _message(problem, "reminder")[0], _message(problem, "assigned")[0]
        assert re.match(pattern, reminder), (code, reminder)
        assert not re.match(pattern, assigned), (code, assigned)
