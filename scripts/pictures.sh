#!/usr/bin/env bash
# pictures.sh - makes the README's pictures (assets/*.svg) anew from what the screens draw now.
#
# Runs tests/pictures.rs with DOCKHAND_PICTURES=write: each screen is built from the test
# fixtures (no engine, fixed times), drawn as it is drawn in a terminal, and written as SVG.
# Run it after a change to what a screen shows or to its colours (the theme), and commit the
# files: the same test, run plainly (cargo test, CI), fails while a picture is out of date.
# The text snapshots of these screens (tests/snapshots/pictures__*.snap) are insta's: a
# change to a screen's text shows there too; review it with `cargo insta review`, or accept it
# here with INSTA_UPDATE=always scripts/pictures.sh.
#
# Then it runs the test again plainly, to show the pictures are now current.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DOCKHAND_PICTURES=write cargo test --test pictures
cargo test --test pictures
git status --short -- assets/ tests/snapshots/
