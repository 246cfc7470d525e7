#!/bin/sh
# For images that take a secret only from an environment variable (Temporal's server and Web UI): reads
# each named variable from the file its `<NAME>_FILE` names (a compose secret under /run/secrets), then
# runs the image's own entrypoint with it. The secret is thus in the container's process environment
# only, never in docker-compose.yml or `docker inspect`.
#
#   env-from-files.sh NAME... -- command [argument...]
set -eu

while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
  name=$1
  shift
  case $name in
    '' | [0-9]* | *[!A-Za-z0-9_]*)
      echo "env-from-files.sh: \"$name\" is not a variable name" >&2
      exit 2
      ;;
  esac
  eval "file=\${${name}_FILE:-}"
  if [ -z "$file" ]; then
    echo "env-from-files.sh: ${name}_FILE is not set" >&2
    exit 2
  fi
  # $(...) drops the trailing newline, as the app's own <NAME>_FILE settings do.
  value=$(cat "$file")
  export "$name=$value"
  unset "${name}_FILE"
done
[ "$#" -gt 0 ] && shift
if [ "$#" -eq 0 ]; then
  echo "usage: env-from-files.sh NAME... -- command [argument...]" >&2
  exit 2
fi
exec "$@"
