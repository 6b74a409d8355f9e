"""A tiny SMTP server on 127.0.0.1 that keeps what it is given, for the mail fault test.

Enough of RFC 5321 for smtplib (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT),
no TLS, no authentication, no dependency. Stopped, its port refuses connections,
which is what a mail server that is down looks like to the portal.
"""

from __future__ import annotations

import email
import email.policy
import socketserver
import threading
from dataclasses import dataclass

from faults.harness import LOOPBACK, _check_port


@dataclass
class Received:
    sender: str
    recipients: list[str]
    subject: str
    body: str  # the plain-text part, lines stripped
    raw: bytes


def normalised(text: str) -> str:
    """Text as compared across the wire: line endings and trailing spaces do not count."""
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 faults-sink ESMTP")
        sender, recipients = "", []
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-faults-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"HELO":
                self.reply("250 faults-sink")
            elif verb == b"MAIL":
                sender, recipients = line.decode(errors="replace").split(":", 1)[1].strip(), []
                self.reply("250 OK")
            elif verb == b"RCPT":
                recipients.append(line.decode(errors="replace").split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == b"DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                body = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    body.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                raw = b"".join(body)
                parsed = email.message_from_bytes(raw, policy=email.policy.default)
                text = parsed.get_body(("plain",))
                self.server.sink._keep(
                    Received(
                        sender,
                        list(recipients),
                        str(parsed["subject"] or "").strip(),
                        normalised(text.get_content() if text else ""),
                        raw,
                    )
                )
                self.reply("250 OK: queued")
            elif verb in (b"RSET", b"NOOP"):
                sender, recipients = ("", []) if verb == b"RSET" else (sender, recipients)
                self.reply("250 OK")
            elif verb == b"QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SmtpSink:
    """start() listens on the port given at creation, stop() closes it; messages survive both."""

    def __init__(self, port: int):
        self.port = _check_port(port)
        self.messages: list[Received] = []
        self._lock = threading.Lock()
        self._server = self._thread = None

    def _keep(self, message: Received) -> None:
        with self._lock:
            self.messages.append(message)

    def start(self) -> SmtpSink:
        self._server = _Server((LOOPBACK, self.port), _Handler)
        self._server.sink = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)
            self._server = self._thread = None

    def deliveries(self) -> list[tuple[str, str, str]]:
        """(recipient, subject, body) once per recipient of every message received."""
        with self._lock:
            return [(rcpt, m.subject, m.body) for m in self.messages for rcpt in m.recipients]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False
