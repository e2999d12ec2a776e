# Autograd Explorer: one container, uvicorn in front, a pool of worker processes behind it.
# Build: docker build -t autograd-explorer .    Run: docker run -p 8000:8000 autograd-explorer
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/srv/app

WORKDIR /srv/app

# The font the graph labels are measured and drawn with (Graphviz itself comes inside the pygraphviz wheel).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# torch first, from the CPU wheel index, in its own layer: the largest download and the one that changes
# least. Once it is installed, the "torch" range in pyproject.toml is satisfied and pulls nothing more.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

# The project's dependencies next, read from pyproject.toml alone, so editing the source keeps this layer.
COPY pyproject.toml ./
RUN python -c "import pathlib, subprocess, sys, tomllib; \
deps = tomllib.loads(pathlib.Path('pyproject.toml').read_text())['project']['dependencies']; \
subprocess.check_call([sys.executable, '-m', 'pip', 'install', *deps])"

# The source last; owned by root and read-only to the user the server runs as.
COPY app ./app
COPY templates ./templates
COPY static ./static
COPY docs/language.md ./docs/language.md

RUN useradd --system --uid 10001 --create-home --home-dir /home/agx --shell /usr/sbin/nologin agx
USER agx

# One worker process per CPU the container is given; os.cpu_count() would see every host CPU.
ENV AGX_WORKERS=2

EXPOSE 8000

# slim has no curl: ask the app itself with the standard library.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
