#!/bin/sh
set -eu
cd "$(dirname "$0")"
mkdir -p m4
autoreconf --install --force
