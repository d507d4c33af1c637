"""A local HTTP server that speaks PayStack's API and PayFast's validate endpoint as payments.md documents them.

Tests point PAYSTACK_API_URL, PAYFAST_VALIDATE_URL and PAYFAST_API_URL at it; nothing leaves the machine. It
records what it received (`requests`) and answers from what the test put in `verify`,
`validate_expect` and `mode`. Its hosted payment page (`/pay/<reference>`, used by the browser
journey) plays the gateway: it posts the signed webhook to the site, then sends the buyer back.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, parse_qsl, urlsplit

import requests


class StubState:
    def __init__(self):
        self.requests = []  # (method, path, headers, body bytes)
        self.initialized = {}  # reference -> the initialize payload
        self.refunds = []  # the /refund payloads, in order
        self.payfast_refunds = []  # PayFast's POST /refunds/{pf_payment_id}: (id, headers, form pairs), in order
        self.verify = {}  # reference -> data answered by /transaction/verify/<ref> (absent: 404 "not found")
        self.validate_expect = None  # the exact body PayFast's validate must receive to answer VALID
        self.mode = "normal"  # "normal" | "500" | "slow" | "refuse"
        self.on_pay = None  # callable(reference) run by the hosted page before redirecting back
        self.base_url = ""


class Handler(BaseHTTPRequestHandler):
    state: StubState

    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else (json.dumps(body) if not isinstance(body, str) else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def common(self, body):
        state = self.state
        state.requests.append((self.command, self.path, dict(self.headers), body))
        if state.mode == "slow":
            time.sleep(3)
        if state.mode == "500":
            self.answer(500, {"status": False, "message": "Internal error"})
            return False
        return True

    def do_POST(self):
        body = self.body()
        if not self.common(body):
            return
        path = urlsplit(self.path).path
        if path == "/eng/query/validate":
            valid = self.state.validate_expect is not None and body.decode() == self.state.validate_expect
            self.answer(200, "VALID" if valid else "INVALID", "text/plain")
        elif path == "/transaction/initialize":
            if self.headers.get("Authorization", "") == "Bearer " or self.state.mode == "refuse":
                self.answer(401, {"status": False, "message": "Invalid key"})
                return
            payload = json.loads(body)
            self.state.initialized[payload["reference"]] = payload
            self.answer(200, {"status": True, "message": "Authorization URL created", "data": {
                "authorization_url": f"{self.state.base_url}/pay/{payload['reference']}",
                "access_code": "ac_" + payload["reference"], "reference": payload["reference"]}})
        elif path == "/refund":
            # PayStack answers a refund with its id; its later refund.processed event carries the same id.
            refund = json.loads(body)
            self.state.refunds.append(refund)
            self.answer(200, {"status": True, "message": "Refund has been queued for processing", "data": {
                "id": 3018284 + len(self.state.refunds), "amount": refund.get("amount"), "currency": "ZAR",
                "status": "pending", "transaction": {"reference": refund.get("transaction")}}})
        elif path.startswith("/refunds/"):
            # PayFast's refund API (payments.md section 2, "API"): form body, signed headers, amount in cents.
            pairs = dict(parse_qsl(body.decode()))
            self.state.payfast_refunds.append((path.rsplit("/", 1)[1], dict(self.headers), pairs))
            if self.state.mode == "refuse":
                self.answer(400, {"code": 400, "status": "failed",
                                  "data": {"response": False, "message": "Refund amount exceeds the available amount"}})
            else:
                self.answer(200, {"code": 200, "status": "success", "data": {"response": True, "message": "Success"}})
        elif path == "/subscription/disable":
            self.answer(200, {"status": True, "message": "ok", "data": {"status": "pending"}})
        else:
            self.answer(404, {"status": False, "message": "Not found"})

    def do_GET(self):
        if not self.common(b""):
            return
        path = urlsplit(self.path).path
        if path.startswith("/transaction/verify/"):
            reference = path.rsplit("/", 1)[1]
            data = self.state.verify.get(reference)
            if data is None:
                self.answer(400, {"status": False, "message": "Transaction reference not found"})
            else:
                self.answer(200, {"status": True, "message": "Verification successful", "data": data})
        elif path.startswith("/pay/"):
            reference = path.rsplit("/", 1)[1]
            if self.state.on_pay:
                self.state.on_pay(reference)
            callback = self.state.initialized.get(reference, {}).get("callback_url", "/")
            query = parse_qs(urlsplit(self.path).query)
            if query.get("cancel"):
                callback = self.state.initialized[reference]["metadata"]["cancel_action"]
            self.send_response(302)
            self.send_header("Location", callback)
            self.end_headers()
        else:
            self.answer(404, {"status": False, "message": "Not found"})


def start():
    """(server, state): a stub on 127.0.0.1 at a free port, serving in a thread until server.shutdown()."""
    state = StubState()
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, state


def post(url, body, headers):
    return requests.post(url, data=body, headers=headers, timeout=10)
