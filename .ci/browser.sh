#!/bin/sh
# Run the real-browser test of the HTML review report (needs Debian's chromium package).
# With CI set, a missing chromium fails the test instead of skipping it.
# The screenshot is saved to test-artifacts/review-hostile.png.
set -eu
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    echo "chromium missing: apt-get update && apt-get install -y chromium" >&2
fi
CI="${CI:-1}" uv run pytest -m browser tests/test_html_browser.py -q "$@"
