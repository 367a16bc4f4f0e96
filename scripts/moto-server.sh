#!/usr/bin/env bash
# Run a local moto server (AWS mock: DynamoDB, STS, ...) in the background.
#
# Usage: scripts/moto-server.sh start|stop|restart|status|reset [port]     (port default 5000 / $MOTO_PORT)
#   start   : launch `moto_server -H 127.0.0.1 -p <port>` from the moto venv, wait until it answers
#   stop    : stop the server started by this script on that port
#   status  : exit 0 and print the endpoint if running, exit 1 otherwise
#   reset   : POST /moto-api/reset (wipes all mocked state, server keeps running)
# State (pid + log): ${DDBB_TOOLS_CACHE}/moto-state/<port>/{moto.pid,moto.log}
# The moto venv is created by scripts/install-tools.sh moto.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tool-versions.sh
source "${SCRIPT_DIR}/tool-versions.sh"

cmd="${1:-status}"
port="${2:-${MOTO_PORT:-5000}}"
[[ "$port" =~ ^[0-9]+$ ]] || { echo "moto-server: port must be numeric, got '$port'" >&2; exit 2; }
state_dir="${DDBB_MOTO_STATE_DIR:-${DDBB_TOOLS_CACHE}/moto-state}/${port}"
pid_file="${state_dir}/moto.pid"
log_file="${state_dir}/moto.log"
endpoint="http://127.0.0.1:${port}"
start_timeout="${MOTO_START_TIMEOUT:-60}"

answers() { curl -s -o /dev/null --max-time 2 "${endpoint}/moto-api/" ; }

running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid; pid="$(cat "$pid_file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  # make sure the pid was not recycled by an unrelated process
  tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -q "moto_server" || return 1
  echo "$pid"
}

start() {
  local pid
  if pid="$(running_pid)"; then
    echo "moto-server: already running on ${endpoint} (pid ${pid})"; return 0
  fi
  local bin="${DDBB_MOTO_VENV}/bin/moto_server"
  [[ -x "$bin" ]] || { echo "moto-server: ${bin} missing - run scripts/install-tools.sh moto" >&2; exit 1; }
  if answers; then
    echo "moto-server: something else already listens on ${endpoint} (not started by this script)" >&2; exit 1
  fi
  mkdir -p "$state_dir"
  : >"$log_file"
  # setsid: own process group, so stop can take down werkzeug's children too
  setsid "$bin" -H 127.0.0.1 -p "$port" >>"$log_file" 2>&1 </dev/null &
  echo $! >"$pid_file"
  local i
  for ((i = 0; i < start_timeout * 5; i++)); do
    if answers; then
      echo "moto-server: running on ${endpoint} (pid $(cat "$pid_file"), log ${log_file})"; return 0
    fi
    if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      echo "moto-server: process exited during startup; last log lines:" >&2; tail -n 20 "$log_file" >&2
      rm -f "$pid_file"; exit 1
    fi
    sleep 0.2
  done
  echo "moto-server: no answer on ${endpoint} after ${start_timeout}s; log: ${log_file}" >&2
  stop >/dev/null || true
  exit 1
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pid_file"; echo "moto-server: not running on port ${port}"; return 0
  fi
  kill -TERM -- "-${pid}" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-${pid}" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$pid_file"
  echo "moto-server: stopped (pid ${pid})"
}

status() {
  local pid
  if pid="$(running_pid)" && answers; then
    echo "moto-server: running on ${endpoint} (pid ${pid})"; return 0
  fi
  echo "moto-server: not running on port ${port}"; return 1
}

reset() {
  curl -sf -X POST --max-time 10 "${endpoint}/moto-api/reset" >/dev/null \
    || { echo "moto-server: reset failed on ${endpoint}" >&2; exit 1; }
  echo "moto-server: state reset on ${endpoint}"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  reset) reset ;;
  *) echo "usage: $0 start|stop|restart|status|reset [port]" >&2; exit 2 ;;
esac
