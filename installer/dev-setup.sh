#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets up a Debian 12 machine for InferLedger and then either opens the app on its demo store
# (`demo`) or runs the whole test suite (`test`). Works as root or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-demo}"
packages=(
    build-essential cmake ninja-build ccache pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev libqt6svg6-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-qpa-plugins libgl-dev
    libsqlite3-dev sqlite3 nlohmann-json3-dev libcurl4-openssl-dev qtkeychain-qt6-dev libsimdjson-dev zlib1g-dev
    poppler-utils desktop-file-utils appstream dpkg-dev file
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    as_root=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || { echo "Installing ${missing[*]} needs root; install sudo or run as root." >&2; exit 1; }
        as_root=(sudo)
    fi
    echo "Installing: ${missing[*]}" >&2
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

jobs=$(($(nproc) < 2 ? 1 : 2))
case "$mode" in
demo)
    cmake --preset release >/dev/null
    cmake --build --preset release -j"$jobs"
    data_dir="${XDG_DATA_HOME:-$HOME/.local/share}/InferLedger"
    mkdir -p "$data_dir"
    db="$data_dir/demo.db"
    ./build/release/app/inferledger --db "$db" demo --if-empty
    exec ./build/release/app/inferledger --db "$db"
    ;;
test)
    # The OTLP test drives the real OpenTelemetry JS exporter when Node.js ≥ 20.6 and npm are there.
    if command -v npm >/dev/null && [[ ! -d tests/integration/otlp/exporter/node_modules ]]; then
        npm ci --prefix tests/integration/otlp/exporter --no-audit --no-fund --loglevel=error \
            || echo "npm ci failed: the OTLP exporter test will skip" >&2
    fi
    cmake --preset ci >/dev/null
    cmake --build --preset ci -j"$jobs"
    ctest --preset ci
    ;;
*)
    echo "usage: $0 demo|test" >&2
    exit 64
    ;;
esac
