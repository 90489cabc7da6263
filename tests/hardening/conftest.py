"""Fixtures of the hardening suite; the helpers they use are in support.py."""
from __future__ import annotations

import socket

import pytest

from hardening.support import NetworkGuard


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything resolves a host name or connects a non-local socket, even if the code under
    test swallows the error (the attempts are checked again when the test ends)."""
    guard = NetworkGuard()
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self, address, *args):
        if self.family == socket.AF_UNIX:
            return real_connect(self, address, *args)
        return guard.refuse(f"connect {address!r}")

    def connect_ex(self, address, *args):
        if self.family == socket.AF_UNIX:
            return real_connect_ex(self, address, *args)
        return guard.refuse(f"connect_ex {address!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: guard.refuse(f"create_connection {address!r}"))
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: guard.refuse(f"getaddrinfo {host!r}"))
    monkeypatch.setattr(socket, "gethostbyname", lambda host: guard.refuse(f"gethostbyname {host!r}"))
    monkeypatch.setattr(socket, "gethostbyname_ex", lambda host: guard.refuse(f"gethostbyname_ex {host!r}"))
    yield guard
    assert guard.attempts == [], f"something tried to reach the network: {guard.attempts}"
