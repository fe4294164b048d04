"""A real OpenAI-compatible Batch API on 127.0.0.1: files + batches, answering from a responder.

Endpoints: ``POST /v1/files`` (multipart upload), ``GET /v1/files/{id}/content``,
``POST /v1/batches``, ``GET /v1/batches/{id}``, ``GET /v1/batches``, and
``POST /v1/chat/completions`` (answered at once, by the same responder). A batch goes
validating → in_progress → completed after ``polls`` status requests; on completion
each request line's body is answered by ``responder(body) -> Reply`` (the chat replies
of tests/scripted_server.py). Faults: ``hold`` (stay in progress until released),
``expire_after`` (expire with only the first N requests answered), ``fail_validation``
(the batch fails), ``drop_create`` (create the batch, then drop the connection).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from email.parser import BytesParser
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

from .scripted_server import Reply


class ScriptedBatchAPI:
    def __init__(self, responder: Callable[[dict[str, Any]], Reply], *, polls: int = 2):
        self.responder = responder
        self.polls = polls
        self.files: dict[str, dict[str, Any]] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.hold = False
        self.expire_after: int | None = None
        self.fail_validation = False
        self.drop_create = 0  # create this many batches, then drop each response
        self.log: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are written apart: don't wait for delayed ACKs

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                n = int(self.headers.get("content-length") or 0)
                api._handle(self, self.command, self.path, self.rfile.read(n) if n else b"")

            do_GET = do_POST

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> "ScriptedBatchAPI":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- what tests look at ---------------------------------------------------------
    def requests_in(self, batch_id: str) -> list[dict[str, Any]]:
        b = self.batches[batch_id]
        return [json.loads(line) for line in self.files[b["input_file_id"]]["data"].decode().splitlines() if line]

    # -- the API ----------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler, method: str, path: str, raw: bytes) -> None:
        path = path.split("?", 1)[0].rstrip("/")
        with self._lock:
            self.log.append((method, path))
            if method == "POST" and path == "/v1/chat/completions":  # live calls, for articles sent live
                r = self.responder(json.loads(raw))
                return self._send(h, r.status, r.body)
            if method == "POST" and path == "/v1/files":
                return self._send(h, 200, self._upload(h.headers.get("content-type", ""), raw))
            if method == "POST" and path == "/v1/batches":
                batch = self._create(json.loads(raw))
                if self.drop_create > 0:
                    self.drop_create -= 1
                    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    h.connection.close()
                    h.close_connection = True
                    return None
                return self._send(h, 200, batch)
            if method == "GET" and path == "/v1/batches":
                data = sorted(self.batches.values(), key=lambda b: b["created_at"], reverse=True)
                return self._send(h, 200, {"object": "list", "data": data, "has_more": False,
                                           "first_id": data[0]["id"] if data else None,
                                           "last_id": data[-1]["id"] if data else None})
            parts = path.split("/")
            if method == "GET" and len(parts) == 4 and parts[2] == "batches" and parts[3] in self.batches:
                return self._send(h, 200, self._advance(self.batches[parts[3]]))
            if method == "GET" and len(parts) == 5 and parts[2] == "files" and parts[4] == "content" \
                    and parts[3] in self.files:
                return self._send(h, 200, self.files[parts[3]]["data"], raw_body=True)
            return self._send(h, 404, {"error": {"message": f"no route {method} {path}", "code": 404}})

    def _upload(self, content_type: str, raw: bytes) -> dict[str, Any]:
        msg = BytesParser(policy=email_policy).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
        fields: dict[str, Any] = {}
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[str(name)] = (part.get_filename(), part.get_payload(decode=True))
        filename, data = fields["file"]
        fid = f"file-{len(self.files) + 1}"
        self.files[fid] = {"data": data, "purpose": fields["purpose"][1].decode(), "filename": filename}
        return self._file(fid)

    def _file(self, fid: str) -> dict[str, Any]:
        f = self.files[fid]
        return {"id": fid, "object": "file", "bytes": len(f["data"]), "created_at": int(time.time()),
                "filename": f["filename"] or "upload.jsonl", "purpose": f["purpose"], "status": "processed"}

    def _create(self, req: dict[str, Any]) -> dict[str, Any]:
        bid = f"batch_{len(self.batches) + 1}"
        n = sum(1 for line in self.files[req["input_file_id"]]["data"].splitlines() if line.strip())
        self.batches[bid] = {
            "id": bid, "object": "batch", "endpoint": req["endpoint"], "input_file_id": req["input_file_id"],
            "completion_window": req.get("completion_window", "24h"), "status": "validating",
            "created_at": time.time_ns(), "metadata": req.get("metadata"), "output_file_id": None,
            "error_file_id": None, "errors": None, "_polls": 0,
            "request_counts": {"total": n, "completed": 0, "failed": 0},
        }
        return self._public(self.batches[bid])

    def _advance(self, b: dict[str, Any]) -> dict[str, Any]:
        if b["status"] in ("completed", "failed", "expired", "cancelled"):
            return self._public(b)
        if self.fail_validation:
            b["status"] = "failed"
            b["errors"] = {"object": "list", "data": [{"code": "invalid_request", "message": "scripted: bad file"}]}
            return self._public(b)
        b["_polls"] += 1
        b["status"] = "in_progress"
        if b["_polls"] > self.polls and not self.hold:
            self._run(b)
        return self._public(b)

    def _run(self, b: dict[str, Any]) -> None:
        lines = [json.loads(x) for x in self.files[b["input_file_id"]]["data"].decode().splitlines() if x.strip()]
        if self.expire_after is not None:
            lines, b["status"] = lines[:self.expire_after], "expired"
            self.expire_after = None
        else:
            b["status"] = "completed"
        out: list[str] = []
        err: list[str] = []
        for k, line in enumerate(lines, 1):
            r = self.responder(line["body"])
            rec = {"id": f"batch_req_{b['id']}_{k}", "custom_id": line["custom_id"],
                   "response": {"status_code": r.status, "request_id": f"req_{k}", "body": r.body}, "error": None}
            (out if r.status == 200 else err).append(json.dumps(rec))
        for kind, recs in (("output_file_id", out), ("error_file_id", err)):
            if recs:
                fid = f"file-{len(self.files) + 1}"
                self.files[fid] = {"data": ("\n".join(recs) + "\n").encode(), "purpose": "batch_output",
                                   "filename": f"{b['id']}_{kind}.jsonl"}
                b[kind] = fid
        b["request_counts"] = {"total": b["request_counts"]["total"], "completed": len(out), "failed": len(err)}

    @staticmethod
    def _public(b: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in b.items() if not k.startswith("_")}
        out["created_at"] = b["created_at"] // 1_000_000_000
        return out

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: Any, raw_body: bool = False) -> None:
        data = body if raw_body else json.dumps(body).encode()
        h.send_response(status)
        h.send_header("content-type", "application/octet-stream" if raw_body else "application/json")
        h.send_header("content-length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)
