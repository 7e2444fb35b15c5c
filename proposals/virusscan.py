"""Virus scanning with ClamAV's daemon (clamd), when the CLAMD setting names one.

CLAMD is "tcp://host:3310" (or "host:3310"), "unix:///run/clamav/clamd.ctl" (or the socket's
path); empty, files are not scanned, and officers see that they were not. The protocol is
clamd's INSTREAM: the command "zINSTREAM\\0", the file in chunks each preceded by its length
(4 bytes, big-endian), a zero length to end; clamd answers "stream: OK\\0" or
"stream: <signature> FOUND\\0" (or "... ERROR\\0"). A client package would add a dependency
for these few lines.
"""

import socket
import struct
from dataclasses import dataclass

CHUNK_BYTES = 64 * 1024
TIMEOUT_SECONDS = 30
MAX_REPLY_BYTES = 4096


class ScannerUnavailable(Exception):
    """clamd could not be reached, or answered with an error rather than a verdict."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    found: str = ""  # the signature clamd found


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("unix://") or address.startswith("/"):
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(timeout)
        try:
            connection.connect(address.removeprefix("unix://"))
        except OSError:
            connection.close()
            raise
        return connection
    host, _, port = address.removeprefix("tcp://").rpartition(":")
    return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)


def _reply(connection: socket.socket) -> bytes:
    reply = b""
    while not reply.endswith(b"\0") and len(reply) < MAX_REPLY_BYTES:
        chunk = connection.recv(MAX_REPLY_BYTES)
        if not chunk:
            break
        reply += chunk
    return reply.rstrip(b"\0")


def scan(file, *, address: str, timeout: float = TIMEOUT_SECONDS) -> ScanResult:
    """Scan `file` (a binary file, read from its start) with the clamd at `address`.

    Raises ScannerUnavailable when clamd cannot be reached or gives no verdict. The file's
    position is left at its start.
    """
    try:
        file.seek(0)
        with _connect(address, timeout) as connection:
            connection.sendall(b"zINSTREAM\0")
            while chunk := file.read(CHUNK_BYTES):
                connection.sendall(struct.pack("!I", len(chunk)) + chunk)
            connection.sendall(struct.pack("!I", 0))
            answer = _reply(connection).decode("utf-8", "replace").strip()
    except (OSError, ValueError) as error:
        raise ScannerUnavailable(str(error) or type(error).__name__) from error
    finally:
        file.seek(0)
    verdict = answer.removeprefix("stream:").strip()
    if verdict == "OK":
        return ScanResult(clean=True)
    if verdict.endswith(" FOUND"):
        return ScanResult(clean=False, found=verdict.removesuffix(" FOUND").strip())
    raise ScannerUnavailable(answer or "no answer")
