"""Build and start the portal's image without Docker, exactly as the Dockerfile says, and check it.

Docker cannot run on the development machines or in CI, so this script reads the Dockerfile and
performs its steps in a temporary folder: a fresh virtual environment stands for the base image's
Python, /app and /data are mapped into the folder, every RUN runs as written (except one marked
"image-check: skip": system packages and the account), ENV is the environment, and the CMD and the
HEALTHCHECK are run as the image's USER (a numeric uid, through setpriv). Then, against a
throwaway PostgreSQL database and Redis, it checks what an operator would notice:

- /healthz answers 200 and the HEALTHCHECK command succeeds;
- the home page answers 200 behind a TLS proxy (X-Forwarded-Proto) and redirects plain HTTP;
- the access log goes to stdout;
- static files are served hashed, compressed (br and gzip) and cached for a year;
- the server runs as the image's user and cannot write the application's code.

Run it as `scripts/image_check.sh` (standard library only; Python 3.12 like the image).
Environment: IMAGE_CHECK_DATABASE_URL (a PostgreSQL server where a database may be created;
default DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres), IMAGE_CHECK_REDIS_URL
(default redis://127.0.0.1:6379/12), IMAGE_CHECK_KEEP=1 keeps the folder.
"""

import fnmatch
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
)
failures = []


def say(message):
    print(f"image_check: {message}", flush=True)


def check(condition, message):
    say(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


# --- the Dockerfile ---------------------------------------------------------------------------------


def parse_dockerfile(text):
    """[(instruction, arguments, skip)] with continuation lines joined; skip = marked "image-check: skip"."""
    steps, comments, current = [], [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            comments.append(stripped)
            if not stripped:
                comments = []
            continue
        if stripped.startswith("#"):  # a comment inside a continued instruction
            continue
        current += (" " if current else "") + stripped
        if current.endswith("\\"):
            current = current[:-1].rstrip()
            continue
        instruction, _, arguments = current.partition(" ")
        skip = any("image-check: skip" in comment for comment in comments)
        steps.append((instruction.upper(), arguments.strip(), skip))
        current, comments = "", []
    return steps


def parse_env(arguments):
    pairs = {}
    for token in shlex.split(arguments):
        key, _, value = token.partition("=")
        pairs[key] = value
    return pairs


def exec_form(arguments):
    """CMD/HEALTHCHECK CMD must use the JSON form (hadolint checks it too)."""
    return json.loads(arguments)


# --- running as the image's user ----------------------------------------------------------------------


def user_prefix(uid, gid, root):
    """A command prefix that runs as uid:gid. Python under /root (pyenv) is unreachable for another user,
    so the command gets a private mount namespace in which /root shows only the interpreter's folder."""
    if os.geteuid() != 0:
        say(f"WARN not root: the server runs as {os.geteuid()}, not as the image's user {uid}")
        return []
    setpriv = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--"]
    base = Path(sys.base_prefix).resolve()
    if base.parts[:2] != ("/", "root"):
        return setpriv
    top = Path("/root", base.parts[2])  # e.g. /root/.pyenv
    view = root / "root-view"
    (view / top.name).mkdir(parents=True, exist_ok=True)
    view.chmod(0o711)
    script = 'mount --bind "$1" "$2/$3" && mount --rbind "$2" /root && shift 3 && exec "$@"'
    return ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c", script, "sh"] + [
        str(top),
        str(view),
        top.name,
        *setpriv,
    ]


# --- HTTP ------------------------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def get(url, headers=None):
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER_UA, **(headers or {})})
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql(url, sql):
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True)


# --- the check ---------------------------------------------------------------------------------------------


def main():
    steps = parse_dockerfile((REPO / "Dockerfile").read_text())
    image = next(args for instruction, args, _ in steps if instruction == "FROM")
    match = re.match(r"python:(\d+\.\d+)", image)
    host_python = f"{sys.version_info.major}.{sys.version_info.minor}"
    check(
        bool(match) and match.group(1) == host_python, f"base image {image} has this Python ({host_python})"
    )

    root = Path(tempfile.mkdtemp(prefix="portal-image-"))
    root.chmod(0o755)
    mapped = {}  # absolute paths of the image -> folders under root

    def map_paths(text):
        for image_path, local in mapped.items():
            text = re.sub(rf"(?<![\w./-]){re.escape(image_path)}(?=/|\b|$)", str(local), text)
        return text

    for instruction, arguments, _ in steps:  # /app, /data… : the first component of WORKDIR and VOLUME paths
        paths = (
            exec_form(arguments)
            if instruction == "VOLUME" and arguments.startswith("[")
            else arguments.split()
        )
        if instruction in ("WORKDIR", "VOLUME"):
            for path in paths:
                top = "/" + path.strip("/").split("/")[0]
                mapped.setdefault(top, root / top.strip("/"))

    venv = root / "venv"
    say(f"fresh virtual environment in {venv} (the base image's Python)")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {
        "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
        "VIRTUAL_ENV": str(venv),
        "HOME": str(root / "home"),
        "LANG": "C.UTF-8",
    }
    for name in ("PIP_FIND_LINKS", "PIP_CERT", "PIP_DEFAULT_TIMEOUT"):  # this machine's package sources
        if name in os.environ:
            env[name] = os.environ[name]
    workdir, user, healthcheck, command, run_as = root, None, None, None, []
    for instruction, arguments, skip in steps:
        if instruction == "ENV":
            env.update({key: map_paths(value) for key, value in parse_env(arguments).items()})
        elif instruction == "WORKDIR":
            workdir = Path(map_paths(arguments))
            workdir.mkdir(parents=True, exist_ok=True)
        elif instruction == "COPY":
            *sources, destination = shlex.split(arguments)
            copy(
                sources,
                workdir / map_paths(destination)
                if not destination.startswith("/")
                else Path(map_paths(destination)),
            )
        elif instruction == "RUN":
            if skip:
                say(f"skip RUN {arguments[:70]}…")
                continue
            say(f"RUN {arguments[:100]}…")
            result = subprocess.run(run_as + ["/bin/sh", "-c", map_paths(arguments)], cwd=workdir, env=env)
            if result.returncode:
                check(False, f"RUN exited {result.returncode}: {arguments[:100]}")
                return finish(root)
        elif instruction == "USER":
            user = arguments
            uid, _, gid = user.partition(":")
            run_as = user_prefix(uid, gid or uid, root)
        elif instruction == "HEALTHCHECK":
            healthcheck = exec_form(map_paths(arguments.split(" CMD ", 1)[1]))
        elif instruction == "CMD":
            command = exec_form(map_paths(arguments))
    check(
        user is not None and user.split(":")[0].isdigit() and user.split(":")[0] != "0",
        f"USER {user} is numeric, not root",
    )
    check(healthcheck is not None and command is not None, "HEALTHCHECK and CMD are given")
    if failures:
        return finish(root)
    as_user = run_as

    # --- runtime: what compose.yaml passes, with a throwaway database, on loopback --------------------
    server = os.environ.get("IMAGE_CHECK_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        server = "postgres://postgres@127.0.0.1:5432/postgres"
    database = f"portal_image_check_{os.getpid()}"
    psql(server, f"CREATE DATABASE {database}")
    port = free_port()
    runtime = {
        **env,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": urllib.parse.urlsplit(server)._replace(path=f"/{database}").geturl(),
        "REDIS_URL": os.environ.get("IMAGE_CHECK_REDIS_URL", "redis://127.0.0.1:6379/12"),
        "CACHE_KEY_PREFIX": f"image-check-{os.getpid()}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "HOME": str(workdir),
    }
    log_out, log_err = root / "gunicorn.stdout", root / "gunicorn.stderr"
    process = None
    try:
        say("migrate (compose.yaml's one-off migrate service), as the image's user")
        migrate = subprocess.run(
            as_user + ["python", "manage.py", "migrate", "--noinput", "-v0"], cwd=workdir, env=runtime
        )
        check(migrate.returncode == 0, "migrate runs as the image's user")
        say(f"CMD {' '.join(command)} on 127.0.0.1:{port}")
        with open(log_out, "wb") as out, open(log_err, "wb") as err:
            process = subprocess.Popen(as_user + command, cwd=workdir, env=runtime, stdout=out, stderr=err)
        run_checks(process, port, workdir, runtime, as_user, healthcheck, uid, log_out, log_err)
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        psql(server, f"DROP DATABASE IF EXISTS {database}")
        forget = "import redis, sys; r = redis.Redis.from_url(sys.argv[1]); [r.delete(k) for k in r.scan_iter(sys.argv[2] + ':*')]"
        subprocess.run(
            ["python", "-c", forget, runtime["REDIS_URL"], runtime["CACHE_KEY_PREFIX"]], env=runtime
        )
    return finish(root)


def run_checks(process, port, workdir, runtime, as_user, healthcheck, uid, log_out, log_err):
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    status = None
    while time.monotonic() < deadline and process.poll() is None:
        try:
            status = get(base + "/healthz")[0]
            if status == 200:
                break
        except OSError:
            pass
        time.sleep(0.3)
    check(status == 200, f"/healthz answers 200 (got {status})")
    if status != 200:
        say("gunicorn stderr:\n" + log_err.read_text()[-3000:])
        return
    result = subprocess.run(as_user + healthcheck, cwd=workdir, env=runtime)
    check(result.returncode == 0, "the HEALTHCHECK command succeeds")

    https = {"X-Forwarded-Proto": "https"}
    status, headers, body = get(base + "/", https)
    html = body.decode("utf-8", "replace")
    check(
        status == 200 and '<html lang="vi"' in html,
        f"GET / behind a TLS proxy answers 200 with the portal (got {status})",
    )
    status, headers, _ = get(base + "/")
    check(
        status == 301 and headers.get("Location", "").startswith("https://"),
        f"plain HTTP is redirected to HTTPS (got {status} {headers.get('Location')})",
    )

    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html)
    check(stylesheet is not None, "the page links a hashed stylesheet")
    if stylesheet:
        for encoding in ("br", "gzip"):
            status, headers, _ = get(base + stylesheet.group(1), {**https, "Accept-Encoding": encoding})
            check(
                status == 200
                and headers.get("Content-Encoding") == encoding
                and "immutable" in headers.get("Cache-Control", ""),
                f"{stylesheet.group(1)} is served {encoding}-compressed and immutable "
                f"({status}, {headers.get('Content-Encoding')}, {headers.get('Cache-Control')})",
            )

    owner = None
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("Uid:"):
            owner = line.split()[1]
    if os.geteuid() == 0:
        check(owner == uid, f"gunicorn runs as uid {uid} (found {owner})")
        probe = workdir / "written-by-server"
        result = subprocess.run(
            as_user + ["python", "-c", f"open({str(probe)!r}, 'w')"], env=runtime, capture_output=True
        )
        check(
            result.returncode != 0 and not probe.exists(),
            "the server's user cannot write the application's folder",
        )
        media = Path(runtime["MEDIA_ROOT"]) / "probe"
        result = subprocess.run(as_user + ["python", "-c", f"open({str(media)!r}, 'w')"], env=runtime)
        check(result.returncode == 0, "the server's user can write the media volume")

    time.sleep(1)  # the access log is written after the response
    out, err = log_out.read_text(), log_err.read_text()
    check(re.search(r'"GET / HTTP/1\.1" 200 ', out) is not None, "the access log goes to stdout")
    check('"GET / HTTP/1.1"' not in err, "stderr has no access-log lines")


def copy(sources, destination):
    """COPY from the build context, leaving out what .dockerignore lists."""
    patterns = [
        line.strip().lstrip("/")
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def ignored(relative):
        """Docker's rules for these patterns: from the context's root; "**/" at any depth."""
        for pattern in patterns:
            if pattern.startswith("**/"):
                if fnmatch.fnmatch(os.path.basename(relative), pattern[3:]):
                    return True
            elif fnmatch.fnmatch(relative, pattern):
                return True
        return False

    for source in sources:
        path = REPO / source
        if path.is_file():
            shutil.copy2(path, destination / path.name if destination.is_dir() else destination)
            continue
        for folder, folders, files in os.walk(path):
            here = Path(folder)
            relative = here.relative_to(REPO)
            folders[:] = [name for name in folders if not ignored(str(relative / name))]
            target = destination / here.relative_to(path)
            target.mkdir(parents=True, exist_ok=True)
            for name in files:
                if not ignored(str(relative / name)):
                    shutil.copy2(here / name, target / name)


def finish(root):
    if os.environ.get("IMAGE_CHECK_KEEP") == "1":
        say(f"kept {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)
    if failures:
        say(f"{len(failures)} check(s) failed")
        return 1
    say("the image builds and serves as its Dockerfile says")
    return 0


if __name__ == "__main__":
    sys.exit(main())
