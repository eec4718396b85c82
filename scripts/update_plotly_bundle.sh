#!/usr/bin/env bash
# Fetch the plotly.js partial bundle the report embeds, from the npm registry, at install time
# (`make install` runs this; the file is not in git: we ship no third-party code of our own making).
# Without it the report embeds the full bundle of the plotly package. The "basic" bundle holds the scatter, bar and pie traces —
# all the report draws — in 1.2 MB instead of the full bundle's 4.8 MB. Its version must match
# the plotly.js that the installed plotly (Python) package was built for; tests/test_report_size.py checks.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(.venv/bin/python -c "import re, plotly.offline as o; print(re.search(r'plotly\.js v(\S+)', o.get_plotlyjs()[:200]).group(1))")
tmp=$(mktemp -d)
(cd "$tmp" && npm pack --silent "plotly.js-basic-dist-min@${version}" >/dev/null && tar xzf ./*.tgz)
cp "$tmp/package/plotly-basic.min.js" src/detente/report/data/plotly-basic.min.js
cp "$tmp/package/LICENSE" src/detente/report/data/plotly-basic.LICENSE
rm -rf "$tmp"
echo "plotly.js basic bundle v${version} → src/detente/report/data/plotly-basic.min.js"
