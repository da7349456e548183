# Shared by the scripts in this folder: repository root, quiet jsii, a per-run TMPDIR, node packages.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

# Node 20 banners from jsii would otherwise fill every log.
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Each jsii start leaves ~66 MB in TMPDIR even on a clean exit: give the run its own folder and remove it after.
RUN_TMP="$ROOT/.tmp/run-$$"
mkdir -p "$RUN_TMP"
export TMPDIR="$RUN_TMP"
trap 'rm -rf "$RUN_TMP"' EXIT

log() { printf '==> %s\n' "$*" >&2; }

# Installs the node tools from the lock file when node_modules is missing or older than the lock.
ensure_node_packages() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing node packages from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error >&2
  fi
}

# Installs the PostgreSQL server binaries the database tests start a throwaway cluster from.
ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    log "installing PostgreSQL server binaries (apt)"
    if [ "$(id -u)" -ne 0 ]; then
      echo "PostgreSQL is missing and this is not root: run 'sudo apt-get install -y postgresql'" >&2
      return 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
}
