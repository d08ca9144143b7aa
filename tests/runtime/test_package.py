"""The runtime package's public names, and a parser that does not import Ray."""

from __future__ import annotations

import subprocess
import sys

import runtime


def test_every_public_name_resolves():
    for name in runtime.__all__:
        assert getattr(runtime, name) is not None, name


def test_the_command_line_parser_imports_neither_ray_nor_galois():
    # A fresh interpreter: this test process may have imported Ray already.
    probe = (
        "import sys; from runtime.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('ray', 'galois', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
