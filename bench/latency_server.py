"""An OpenAI-compatible server that answers every chat request exactly ``latency`` seconds
after it arrived, for the benches: ``python bench/latency_server.py SECONDS [model]``
prints its URL, serves until stdin closes, then prints how late its replies went out
(JSON: p50 and p99 in ms, over the replies). Running apart, it keeps its CPU out of the
client's measured CPU.

The replies are the test suite's: ``replies.generic_reply`` (a valid Draft for
whichever article the prompt holds), or with ``model`` ``scripted_model.draft_for`` (what
a model would extract from the numbered sentences; computed once per distinct request). Why not
the tests' server (``summarizer/testing/scripted_server.py``,
a thread and a sleep per request): with 64 requests arriving together, its threads wake
late and answer one after another, so it adds its own 5-40 ms to the latency and tops out
near 300 replies/s at 64 in flight × 200 ms on this machine, under the 320/s the bench
measures against. Here one event loop reads each request as it arrives and schedules its
reply at arrival + latency (``call_at``): keep-alive HTTP/1.1, POST with a Content-Length,
which is what the OpenAI clients send.
"""

from __future__ import annotations

import asyncio
import functools
import json
import sys
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.testing.replies import generic_reply  # noqa: E402
from summarizer.testing.scripted_model import draft_for  # noqa: E402
from summarizer.testing.scripted_server import completion  # noqa: E402


def generic(req: dict) -> bytes:
    return json.dumps(generic_reply(req).body).encode()


@functools.lru_cache(maxsize=4096)
def _model(messages: str) -> bytes:
    return json.dumps(completion(json.dumps(draft_for(json.loads(messages))), prompt_tokens=1000,
                                 completion_tokens=200).body).encode()


def model(req: dict) -> bytes:
    return _model(json.dumps(req.get("messages") or []))


class Chat(asyncio.Protocol):
    late: list[float] = []  # each reply: seconds after arrival + latency that it was written

    def __init__(self, latency: float, answer: Callable[[dict], bytes]):
        self.latency, self.answer, self.buf = latency, answer, b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.loop = asyncio.get_running_loop()

    def data_received(self, data: bytes) -> None:
        arrived = self.loop.time()
        self.buf += data
        while (end := self.buf.find(b"\r\n\r\n")) >= 0:
            head = self.buf[:end].decode("latin-1").split("\r\n")
            length = next((int(h.split(":", 1)[1]) for h in head[1:] if h.lower().startswith("content-length:")), 0)
            if len(self.buf) < end + 4 + length:
                return  # the rest of the body is on its way
            body, self.buf = self.buf[end + 4:end + 4 + length], self.buf[end + 4 + length:]
            due = arrived + self.latency
            self.loop.call_at(due, self._write, self._reply(head[0], body), due)

    def _reply(self, request_line: str, body: bytes) -> bytes:
        if not request_line.startswith("POST ") or "/chat/completions" not in request_line:
            status, out = "404 Not Found", b'{"error": {"message": "not found"}}'
        else:
            status, out = "200 OK", self.answer(json.loads(body or b"{}"))
        return (f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {len(out)}\r\n\r\n"
                .encode() + out)

    def _write(self, data: bytes, due: float) -> None:
        self.late.append(self.loop.time() - due)
        if not self.transport.is_closing():
            self.transport.write(data)


async def main(latency: float, answer: Callable[[dict], bytes]) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Chat(latency, answer), "127.0.0.1", 0, backlog=1024)
    print(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/v1", flush=True)
    await loop.run_in_executor(None, sys.stdin.read)  # until the bench closes stdin (or dies)
    server.close()
    late = sorted(Chat.late) or [0.0]
    print(json.dumps({"late_p50_ms": late[len(late) // 2] * 1000, "late_p99_ms": late[len(late) * 99 // 100] * 1000}),
          flush=True)


if __name__ == "__main__":
    asyncio.run(main(float(sys.argv[1]), model if sys.argv[2:] == ["model"] else generic))
