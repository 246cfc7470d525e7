#!/bin/sh
# Runs a command under Node 24 LTS: the machine's own node when it is 24 or later, otherwise Node
# installed once from the npm registry (Node ships there as the package node-<os>-<arch>) into .tools/.
# exec keeps the process (and its process group) the one the terminal started.
set -eu
NODE_VERSION=24.22.3
root=$(cd "$(dirname "$0")/.." && pwd)
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 24 ]; then
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "error: no Node $NODE_VERSION package for $(uname -m); install Node 24 yourself" >&2; exit 1 ;;
  esac
  package="node-$(uname -s | tr '[:upper:]' '[:lower:]')-$arch"
  dir="$root/.tools/node-$NODE_VERSION"
  bin="$dir/node_modules/$package/bin"
  if [ ! -x "$bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo '(none)') is older than 24 LTS; installing Node $NODE_VERSION into .tools/ (once)" >&2
    rm -rf "$dir.partial"
    # Into a scratch folder first, so that an interrupted install is never taken as done.
    npm install --no-save --no-audit --no-fund --no-package-lock --loglevel=error \
      --prefix "$dir.partial" "$package@$NODE_VERSION" >&2
    rm -rf "$dir"
    mv "$dir.partial" "$dir"
  fi
  PATH="$bin:$PATH"
  export PATH
fi
exec "$@"
