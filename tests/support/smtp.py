"""An SMTP server that drops the connection a given number of times: for delivery retries."""

import smtplib


class FlakySMTP:
    """An email backend whose server fails `failures` times, then accepts."""

    failures = 0
    sent = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        if FlakySMTP.failures:
            FlakySMTP.failures -= 1
            raise smtplib.SMTPServerDisconnected("connection dropped")
        FlakySMTP.sent.extend(messages)
        return len(messages)
