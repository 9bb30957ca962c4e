#!/usr/bin/env bash
# seed-images.sh DIR N — imports N distinct small images (dh/many-K:1) into the private engine
# in DIR, for measuring the images pane with many images. Each image is a one-file layer with
# unique content, so every one has its own id (a tag of one image would not do).
set -euo pipefail
DIR=${1:?usage: seed-images.sh DIR N}
N=${2:-1000}
SOCK="unix://$DIR/docker.sock"
DOCKER=/usr/bin/docker
[[ -x $DOCKER ]] || DOCKER=docker
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
seq 1 "$N" | xargs -P 4 -I{} bash -c '
  d="$0/img-{}"; mkdir -p "$d"; echo "image {}" > "$d/id.txt"
  tar -C "$d" -c . | "$1" -H "$2" import - "dh/many-{}:1" >/dev/null
' "$work" "$DOCKER" "$SOCK"
echo "seed-images.sh: imported $N images in $(( $(date +%s) - start ))s" >&2
