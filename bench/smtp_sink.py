"""A real SMTP server for the multi-node run (bench/multinode.py) that records
every message it accepts, so e-mails can be counted by Message-ID.

    python -m bench.smtp_sink --port 2525 --log sink.jsonl --control DIR

Each line of the log is a JSON object: ``{"event": "accepted", "message_id",
"to", "subject", "links", "at"}`` for a message accepted (written and flushed
before the 250 reply), ``"refused"`` for one answered 451, ``"discarded"``
for one whose client vanished while the sink held it (it never got a 250, so
it was not delivered and must come again).

The run steers it with files in the control directory:

- ``refuse``: while it exists every message is answered ``451 4.3.0`` (a
  transient refusal: the portal must keep the e-mail and try again);
- ``hold``: ``"<seconds> <probability>"``: that share of the messages is held
  that long before the reply, with ``holding`` present meanwhile, so a worker
  can be killed while the sink holds its message.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import random
import re
import signal
import time
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.smtp import SMTP

LINK = re.compile(r"https?://[^\s<>\"']+")


class Recorder:
    def __init__(self, log: Path, control: Path) -> None:
        self.log = log.open("a", encoding="utf-8")
        self.control = control

    def write(self, **record) -> None:
        record["at"] = time.time()
        self.log.write(json.dumps(record) + "\n")
        self.log.flush()

    def hold(self) -> float:
        with contextlib.suppress(OSError, ValueError):
            seconds, probability = (self.control / "hold").read_text().split()
            if random.random() < float(probability):
                return float(seconds)
        return 0.0

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        message_id = str(message.get("Message-ID", ""))
        recipients = list(envelope.rcpt_tos)
        if (self.control / "refuse").exists():
            self.write(event="refused", message_id=message_id, to=recipients)
            return "451 4.3.0 The sink refuses messages for a while: try again later"
        seconds = self.hold()
        if seconds:
            marker = self.control / "holding"
            marker.write_text(str(session.peer[1]))
            try:
                await asyncio.sleep(seconds)
            except asyncio.CancelledError:  # the client vanished: it never got a 250
                self.write(event="discarded", message_id=message_id, to=recipients)
                raise
            finally:
                marker.unlink(missing_ok=True)
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        self.write(
            event="accepted",
            message_id=message_id,
            to=recipients,
            subject=str(message.get("Subject", "")),
            links=LINK.findall(text),
        )
        return "250 2.0.0 Message accepted"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.smtp_sink")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--control", type=Path, required=True)
    args = parser.parse_args()
    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd's chatter
    args.control.mkdir(parents=True, exist_ok=True)
    recorder = Recorder(args.log, args.control)

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: SMTP(recorder, hostname="sink.multinode.test"), args.host, args.port
        )
        stop = asyncio.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        (args.control / "ready").write_text("ok")
        await stop.wait()
        server.close()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
