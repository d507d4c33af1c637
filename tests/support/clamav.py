"""A real ClamAV daemon for tests, with a local signature database that knows only the EICAR test file.

CI (.ci/run) starts one and names it in CLAMAV_TEST_HOST/CLAMAV_TEST_PORT; otherwise `running_clamd`
starts its own from Debian's clamav-daemon (/usr/sbin/clamd) on a free port of 127.0.0.1, and the
tests skip only where no clamd is installed. Definitions cannot be downloaded here, so the
database is one `.hdb` line: the MD5, size and a name for the EICAR string.
"""

import hashlib
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

# The EICAR anti-virus test file, assembled here so that no file in the repository is one.
EICAR = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*").encode()
SIGNATURE_NAME = "Leerhuis.Test.EICAR"
CLAMD = os.environ.get("CLAMD_PATH") or shutil.which("clamd") or "/usr/sbin/clamd"


def signature_line():
    return f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:{SIGNATURE_NAME}\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(host, port):
    try:
        with socket.create_connection((host, port), timeout=1) as s:
            s.sendall(b"nPING\n")
            return s.recv(16).strip() == b"PONG"
    except OSError:
        return False


def write_config(folder, port):
    database = folder / "db"
    database.mkdir(parents=True, exist_ok=True)
    (database / "leerhuis-test.hdb").write_text(signature_line())
    config = folder / "clamd.conf"
    config.write_text(
        f"DatabaseDirectory {database}\nTCPSocket {port}\nTCPAddr 127.0.0.1\nForeground yes\n"
        f"LogFile {folder / 'clamd.log'}\nStreamMaxLength 30M\nMaxThreads 4\n"
    )
    return config


def start_clamd(folder: Path, port=None, wait=60):
    """(process, port) of a clamd serving the EICAR-only database; raises RuntimeError if it never answers."""
    port = port or free_port()
    config = write_config(folder, port)
    process = subprocess.Popen([CLAMD, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if answers("127.0.0.1", port):
            return process, port
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"clamd did not start; see {folder / 'clamd.log'}")


def clamd_available():
    return Path(CLAMD).is_file() and os.access(CLAMD, os.X_OK)
