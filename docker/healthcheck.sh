#!/bin/bash
# Liveness probe for the container HEALTHCHECK and docker-compose: GET /health on $PORT, or
# when PORT is unset on the proctype's default port (same values as the settings layer files
# shared-config/.../settings/proctype/*.env; a deploy-tests test keeps them in step).
# Uses bash's /dev/tcp so the runtime image needs no curl/wget. Exit 0 only on HTTP 200.
set -euo pipefail
case "${DECKHAND_PROCTYPE:-}" in
  web) default_port=8000 ;;
  worker) default_port=8081 ;;
  worker-short) default_port=8082 ;;
  scheduler) default_port=8083 ;;
  devworker) default_port=8084 ;;
  *) default_port=8000 ;;
esac
port="${PORT:-$default_port}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${HEALTHCHECK_PATH:-/health}" >&3
read -r -t 3 status_line <&3
[[ "$status_line" =~ ^HTTP/1\.[01]\ 200 ]]
