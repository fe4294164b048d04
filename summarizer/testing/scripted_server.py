"""A real OpenAI-compatible HTTP server on 127.0.0.1 that answers from a script.

Each request to ``/v1/chat/completions`` takes the next scripted reply (or asks the
``responder`` callable when the script is empty). Replies can be completions,
HTTP errors with headers, connection resets, stalls, slow drips and raw bodies: the fault
matrix the client must survive. Every request body is kept in ``requests`` (with
``_path``, ``_auth`` and ``_t``, the ``time.monotonic()`` it arrived).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict → JSON; str/bytes → raw
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    reset: bool = False  # close the socket without answering
    stall_after: int | None = None  # send this many body bytes, then hang for stall_s
    stall_s: float = 30.0
    drop_after: int | None = None  # send this many body bytes, then close the connection
    drip_s: float | None = None  # send the body one byte at a time, this many seconds apart (a slow-drip reply)


def completion(content: Any, *, prompt_tokens: int = 100, completion_tokens: int = 50, finish: str = "stop",
               model: str = "scripted") -> Reply:
    text = content if isinstance(content, str) else json.dumps(content)
    return Reply(body={
        "id": "chatcmpl-scripted", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    })


def error(status: int, message: str = "scripted error", headers: dict[str, str] | None = None) -> Reply:
    return Reply(status=status, body={"error": {"message": message, "type": "scripted", "code": status}},
                 headers=headers or {})


class ScriptedServer:
    def __init__(self, responder: Callable[[dict[str, Any]], Reply] | None = None):
        self.script: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.hangups: list[float] = []  # when a client hung up on a dripping reply (time.monotonic())
        self.responder = responder
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else each reply waits ~40 ms for a delayed ACK

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                n = int(self.headers.get("content-length") or 0)
                try:
                    req = json.loads(self.rfile.read(n) or b"{}")
                except json.JSONDecodeError:
                    req = {}
                req["_path"] = self.path
                req["_auth"] = self.headers.get("authorization")
                req["_t"] = time.monotonic()
                with server._lock:
                    server.requests.append(req)
                    reply = server.script.popleft() if server.script else None
                if reply is None:
                    reply = server.responder(req) if server.responder else error(500, "script exhausted")
                server._send(self, reply)

            do_GET = do_POST

        class Server(ThreadingHTTPServer):
            request_queue_size = 256  # listen backlog: 64 clients connecting at once are not reset
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # the client hung up on a stalled or reset reply: expected here

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def _send(self, h: BaseHTTPRequestHandler, r: Reply) -> None:
        if r.delay_s:
            time.sleep(r.delay_s)
        if r.reset:
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            h.connection.close()
            h.close_connection = True
            return
        body = r.body if isinstance(r.body, (bytes, str)) else json.dumps(r.body)
        data = body.encode() if isinstance(body, str) else body
        h.send_response(r.status)
        h.send_header("content-type", "application/json")
        h.send_header("content-length", str(len(data)))
        for k, v in r.headers.items():
            h.send_header(k, v)
        h.end_headers()
        if r.stall_after is not None:
            h.wfile.write(data[:r.stall_after])
            h.wfile.flush()
            time.sleep(r.stall_s)
            h.close_connection = True
            return
        if r.drip_s is not None:
            for i in range(len(data)):
                try:
                    h.wfile.write(data[i:i + 1])
                    h.wfile.flush()
                except OSError:  # the client gave up: expected
                    self.hangups.append(time.monotonic())
                    break
                time.sleep(r.drip_s)
            h.close_connection = True
            return
        if r.drop_after is not None:
            h.wfile.write(data[:r.drop_after])
            h.wfile.flush()
            h.connection.shutdown(socket.SHUT_RDWR)
            h.close_connection = True
            return
        h.wfile.write(data)

    def add(self, *replies: Reply) -> "ScriptedServer":
        self.script.extend(replies)
        return self

    def start(self) -> "ScriptedServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def chat_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["_path"].endswith("/chat/completions")]
