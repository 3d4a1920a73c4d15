#!/bin/bash
# Liveness probe for the container HEALTHCHECK and docker-compose: GET /health on $PORT.
# Uses bash's /dev/tcp so the runtime image needs no curl/wget. Exit 0 only on HTTP 200.
set -euo pipefail
port="${PORT:-8000}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${HEALTHCHECK_PATH:-/health}" >&3
read -r -t 3 status_line <&3
[[ "$status_line" =~ ^HTTP/1\.[01]\ 200 ]]
