"""The one outbound HTTP function, against a local stub server (nothing leaves this machine)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lms_site.outbound import OutboundError, call, post_json


class Stub(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        Stub.received.append((self.path, self.headers.get("Authorization"), json.loads(self.rfile.read(length))))
        if self.path == "/slow":
            time.sleep(1.5)
        body = b"not json" if self.path == "/text" else json.dumps({"ok": True, "path": self.path}).encode()
        self.send_response(201 if self.path != "/refuse" else 403)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Stub.received = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_json_post_reaches_the_server_and_its_answer_comes_back(stub, caplog):
    caplog.set_level("INFO", logger="lms.outbound")
    answer = post_json(f"{stub}/hook", {"amount": "499.00"}, headers={"Authorization": "Bearer s3cret"})
    assert (answer.status, answer.body) == (201, {"ok": True, "path": "/hook"})
    assert Stub.received == [("/hook", "Bearer s3cret", {"amount": "499.00"})]
    # Logged with host, path and status; never the secret.
    assert "POST 127.0.0.1" in caplog.text and "/hook -> 201" in caplog.text and "s3cret" not in caplog.text


def test_refusals_and_non_json_answers_are_answers_not_errors(stub):
    assert post_json(f"{stub}/refuse", {}).status == 403
    text = post_json(f"{stub}/text", {})
    assert (text.status, text.body, text.text) == (201, {}, "not json")


def test_a_slow_server_times_out_into_one_error(stub, settings):
    settings.OUTBOUND_TIMEOUT_SECONDS = 0.3
    started = time.monotonic()
    with pytest.raises(OutboundError):
        post_json(f"{stub}/slow", {})
    assert time.monotonic() - started < 1.2


def test_unreachable_hosts_and_non_http_urls_raise_outbound_error(stub):
    with pytest.raises(OutboundError):
        post_json("http://127.0.0.1:9/nothing-listens-here", {})
    with pytest.raises(OutboundError):
        call("GET", "file:///etc/passwd")
