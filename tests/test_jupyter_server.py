"""A Jupyter server on loopback knows the notebooks' kernel and runs a notebook's code.

The server is started with a token on a free 127.0.0.1 port; the test asks its REST API
for the kernel specs, starts the ``smeanalysis`` kernel, runs the first code cells of
``sme_exports`` through the kernel's websocket, and stops everything. Bounded in time.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import nbformat
import pytest

from smeanalysis import paths

TIMEOUT = 120


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _api(base: str, token: str, path: str, method: str = "GET", body: dict | None = None):
    request = urllib.request.Request(
        f"{base}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


@pytest.fixture(scope="module")
def server():
    pytest.importorskip("jupyter_server", reason="jupyter_server is not installed")
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyter_server",
        "--no-browser",
        "--allow-root",  # CI runs as root
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={paths.NOTEBOOKS_DIR}",
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + TIMEOUT
    try:
        while True:
            try:
                _api(base, token, "/api/status")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the Jupyter server did not start")
                time.sleep(0.3)
        yield base, token
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_token_is_required(server) -> None:
    base, _ = server
    with pytest.raises(urllib.error.HTTPError) as refused:
        _api(base, "wrong-token", "/api/kernels")
    assert refused.value.code == 403


def test_the_notebooks_kernel_is_known(server) -> None:
    base, token = server
    specs = _api(base, token, "/api/kernelspecs")["kernelspecs"]
    for notebook in paths.NOTEBOOKS_DIR.glob("*.ipynb"):
        name = nbformat.read(notebook, as_version=4).metadata["kernelspec"]["name"]
        assert name in specs, f"{notebook.name} names kernel {name!r}, unknown to the server"


async def _execute(url: str, token: str, code: str) -> tuple[dict, list[str]]:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    request = HTTPRequest(url, headers={"Authorization": f"token {token}"})
    connection = await asyncio.wait_for(websocket_connect(request), TIMEOUT)
    msg_id = uuid.uuid4().hex
    message = {
        "header": {
            "msg_id": msg_id,
            "msg_type": "execute_request",
            "username": "test",
            "session": uuid.uuid4().hex,
            "version": "5.3",
            "date": "",
        },
        "parent_header": {},
        "metadata": {},
        "channel": "shell",
        "content": {
            "code": code,
            "silent": False,
            "store_history": False,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        },
    }
    await connection.write_message(json.dumps(message))
    texts: list[str] = []
    reply: dict = {}
    idle = False
    while not (reply and idle):
        raw = await asyncio.wait_for(connection.read_message(), TIMEOUT)
        assert raw is not None, "the kernel's websocket closed"
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "execute_reply":
            reply = content
        elif kind == "status" and content["execution_state"] == "idle":
            idle = True
        elif kind == "stream":
            texts.append(content["text"])
        elif kind in ("display_data", "execute_result"):
            texts.append(
                content["data"].get("text/markdown", content["data"].get("text/plain", ""))
            )
        elif kind == "error":
            texts.append(f"{content['ename']}: {content['evalue']}")
    connection.close()
    return reply, texts


def test_a_notebook_runs_through_the_servers_kernel(server) -> None:
    base, token = server
    nb = nbformat.read(paths.NOTEBOOKS_DIR / "sme_exports.ipynb", as_version=4)
    # The parameters, their check, the key findings and the cell that states the year.
    cells = [c.source for c in nb.cells if c.cell_type == "code"][:4]
    kernel = _api(base, token, "/api/kernels", "POST", {"name": "smeanalysis"})
    try:
        url = base.replace("http", "ws") + f"/api/kernels/{kernel['id']}/channels"
        reply, texts = asyncio.run(_execute(url, token, "\n".join(cells)))
        assert reply["status"] == "ok", texts
        assert any(t.startswith("- ") and "Iranian year 1398" in t for t in texts), texts
        assert any("Iranian year 1398" in t and "365 days" in t for t in texts), texts
    finally:
        _api(base, token, f"/api/kernels/{kernel['id']}", "DELETE")
    assert all(k["id"] != kernel["id"] for k in _api(base, token, "/api/kernels"))
