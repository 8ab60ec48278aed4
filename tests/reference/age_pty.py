#!/usr/bin/env python3
"""Runs the standard `age` tool with a passphrase typed at its terminal prompt
(it reads passphrases only from a terminal), through a pseudo-terminal.

    age_pty.py PASSPHRASE age ARGS...

The passphrase is typed at each prompt that asks for one (encryption asks
twice). Exits with age's status; age's own output goes to stderr."""
import os
import pty
import sys
import time

passphrase = sys.argv[1].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])

output = b""
answered = 0  # where the output stood at the last answer
deadline = time.time() + 60
while time.time() < deadline:
    try:
        chunk = os.read(fd, 1024)
    except OSError:
        break
    if not chunk:
        break
    output += chunk
    # A prompt: a line since the last answer that asks for the passphrase
    # and ends with a colon (encryption asks twice).
    pending = output[answered:]
    if b"passphrase" in pending.lower() and pending.rstrip().endswith(b":"):
        os.write(fd, passphrase + b"\n")
        answered = len(output)
_, status = os.waitpid(pid, 0)
sys.stderr.write(output.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
