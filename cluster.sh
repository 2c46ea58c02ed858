#!/usr/bin/env bash
# A local three-node CrmSuite on one throwaway PostgreSQL, behind haproxy: ./cluster.sh up | status | down
# Installs what is missing on Debian (postgresql, haproxy), builds the app once, and prints the URL to open.
# Settings: CRM_CLUSTER_DIR (state folder, default ./.cluster), CRM_CLUSTER_PORT (haproxy, default 5180),
# CRM_CLUSTER_NODES (default 3), CRM_CLUSTER_PG_PORT (default 55480).
set -euo pipefail
cd "$(dirname "$0")"
repo=$(pwd)
dir=${CRM_CLUSTER_DIR:-$repo/.cluster}
port=${CRM_CLUSTER_PORT:-5180}
nodes=${CRM_CLUSTER_NODES:-3}
pg_port=${CRM_CLUSTER_PG_PORT:-55480}
node_port() { echo $((port + $1)); }
connection="Host=127.0.0.1;Port=$pg_port;Database=crm;Username=crm"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
need() { # need <command-or-path> <debian-package>
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -e "$1" ]; then
    [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
    echo "Installing $2 ..."
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$2" >/dev/null
  fi
}
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
# initdb and postgres refuse to run as root: then they run as Debian's postgres user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

healthy() { curl -fsS -m 2 "http://127.0.0.1:$1/healthz" >/dev/null 2>&1; }

up() {
  need /usr/bin/pg_ctlcluster postgresql
  need haproxy haproxy
  need curl curl
  mkdir -p "$dir/logs"
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$dir"; fi # the server runs as postgres and writes its log here
  local bin; bin=$(pg_bin)

  if [ ! -d "$dir/pg" ]; then
    echo "Creating a throwaway PostgreSQL in $dir/pg ..."
    as_pg "$bin/initdb" -D "$dir/pg" -U crm -A trust -E UTF8 >"$dir/logs/initdb.log"
  fi
  if ! as_pg "$bin/pg_ctl" -D "$dir/pg" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$dir/pg" -l "$dir/logs/postgres.log" -w \
      -o "-p $pg_port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  fi
  psql -h 127.0.0.1 -p "$pg_port" -U crm -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'crm'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$pg_port" -U crm -d postgres -qc "CREATE DATABASE crm"

  echo "Building CrmSuite (Release) ..."
  dotnet build Crm.Web -c Release --nologo -v q >"$dir/logs/build.log" || { tail -30 "$dir/logs/build.log"; exit 1; }
  local web="$repo/Crm.Web/bin/Release/net10.0"

  for n in $(seq 1 "$nodes"); do
    local p; p=$(node_port "$n")
    if [ -f "$dir/node$n.pid" ] && kill -0 "$(cat "$dir/node$n.pid")" 2>/dev/null; then continue; fi
    # The project folder is the content root: the browser client is built into Crm.Web/wwwroot.
    (cd "$repo/Crm.Web" && exec env Crm__Db__Provider=postgres ConnectionStrings__Crm="$connection" Crm__Seed__Demo=true \
      Crm__Seed__Password=crm-demo ASPNETCORE_ENVIRONMENT=Production \
      nohup dotnet "$web/Crm.Web.dll" --contentRoot "$repo/Crm.Web" --urls "http://127.0.0.1:$p" </dev/null >"$dir/logs/node$n.log" 2>&1) &
    echo $! >"$dir/node$n.pid"
  done

  { cat <<EOF
global
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    # Event streams stay open for hours; heartbeats keep them alive through these.
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
frontend crm
    bind 127.0.0.1:$port
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    default-server inter 2s fall 2 rise 2
EOF
    for n in $(seq 1 "$nodes"); do echo "    server node$n 127.0.0.1:$(node_port "$n") check"; done; } >"$dir/haproxy.cfg"
  [ -f "$dir/haproxy.pid" ] && kill "$(cat "$dir/haproxy.pid")" 2>/dev/null || true
  haproxy -D -f "$dir/haproxy.cfg" -p "$dir/haproxy.pid" </dev/null >"$dir/logs/haproxy.log" 2>&1

  echo "Waiting for $nodes nodes ..."
  for n in $(seq 1 "$nodes"); do
    for _ in $(seq 1 120); do healthy "$(node_port "$n")" && break; sleep 1; done
    healthy "$(node_port "$n")" || { echo "node$n did not start; see $dir/logs/node$n.log"; tail -20 "$dir/logs/node$n.log"; exit 1; }
  done
  for _ in $(seq 1 30); do healthy "$port" && break; sleep 1; done # haproxy's own checks must pass twice first
  status
  echo
  echo "CrmSuite runs on $nodes nodes behind http://127.0.0.1:$port (users agent1, supervisor, admin...; password crm-demo)."
  echo "Stop one node with: kill \$(cat $dir/node2.pid)    Stop everything with: ./cluster.sh down"
}

status() {
  for n in $(seq 1 "$nodes"); do
    local p; p=$(node_port "$n")
    if healthy "$p"; then echo "node$n  http://127.0.0.1:$p  healthy"; else echo "node$n  http://127.0.0.1:$p  down"; fi
  done
  if healthy "$port"; then echo "haproxy http://127.0.0.1:$port  serving"; else echo "haproxy http://127.0.0.1:$port  not serving"; fi
}

down() {
  for n in $(seq 1 "$nodes"); do
    [ -f "$dir/node$n.pid" ] && kill "$(cat "$dir/node$n.pid")" 2>/dev/null || true
    rm -f "$dir/node$n.pid"
  done
  [ -f "$dir/haproxy.pid" ] && kill "$(cat "$dir/haproxy.pid")" 2>/dev/null || true
  rm -f "$dir/haproxy.pid"
  if [ -d "$dir/pg" ]; then as_pg "$(pg_bin)/pg_ctl" -D "$dir/pg" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  echo "Cluster stopped and its data removed."
}

case "${1:-}" in
  up) up ;;
  status) status ;;
  down) down ;;
  *) echo "usage: ./cluster.sh up | status | down"; exit 2 ;;
esac
