"""A local SMTP server for the tests: records each accepted message, can hold deliveries."""

import asyncio
import socket
import threading
from email import message_from_bytes

from aiosmtpd.controller import Controller


class Sink:
    """aiosmtpd handler. While `hold` is set, DATA waits; `drop_held` refuses what waited."""

    def __init__(self):
        self.messages: list[dict] = []
        self.lock = threading.Lock()
        self.hold = threading.Event()
        self.holding = threading.Event()  # a delivery is waiting right now
        self.drop_held = False

    async def handle_DATA(self, server, session, envelope):
        if self.hold.is_set():
            self.holding.set()
            while self.hold.is_set():
                await asyncio.sleep(0.02)
            if self.drop_held:
                return "421 Service closing"  # never accepted: the sender must try again
        message = message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append(
                {
                    "to": list(envelope.rcpt_tos),
                    "key": message["X-Portal-Notification"],
                    "message_id": message["Message-ID"],
                    "subject": str(message["Subject"]),
                }
            )
        return "250 Message accepted"

    def received_keys(self) -> list[str]:
        with self.lock:
            return [m["key"] for m in self.messages]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_sink() -> tuple[Controller, Sink]:
    sink = Sink()
    sink.port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    return controller, sink
