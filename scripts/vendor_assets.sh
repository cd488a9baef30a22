#!/usr/bin/env bash
# Re-fetch the front-end assets the web UI serves from server/static/vendor/.
#
# They are committed so that `kg serve` works offline and no page loads anything
# from a CDN; run this only to upgrade. npm installs into a temporary folder, and
# only the built dist files (plus each license) are copied into the repository.
set -euo pipefail

YASGUI_VERSION="${YASGUI_VERSION:-4.6.2}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/server/static/vendor/yasgui"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "@zazuko/yasgui@${YASGUI_VERSION}" >/dev/null

pkg="$tmp/node_modules/@zazuko/yasgui"
installed="$(node -p "require('$pkg/package.json').version")"
license="$(node -p "require('$pkg/package.json').license")"

mkdir -p "$dest.new"
cp "$pkg/build/yasgui.min.js" "$pkg/build/yasgui.min.css" "$dest.new/"
# The npm package ships no LICENSE file; record the license of every package the
# bundle was built from (name, version, license), as npm resolved them.
node -e '
  const fs = require("fs"), path = require("path");
  const root = path.join(process.argv[1], "node_modules");
  const rows = [];
  const visit = (dir) => {
    for (const name of fs.readdirSync(dir).sort()) {
      if (name.startsWith(".")) continue;
      const full = path.join(dir, name);
      if (name.startsWith("@")) { visit(full); continue; }
      const pj = path.join(full, "package.json");
      if (!fs.existsSync(pj)) continue;
      const p = JSON.parse(fs.readFileSync(pj, "utf8"));
      rows.push(`${p.name}\t${p.version}\t${typeof p.license === "string" ? p.license : JSON.stringify(p.license)}`);
    }
  };
  visit(root);
  console.log(rows.join("\n"));
' "$tmp" > "$dest.new/THIRD_PARTY.tsv"
# Source maps are left out: they are 3.5 MB and only name sources we do not ship.
sed -i '/^\/\/# sourceMappingURL=/d' "$dest.new/yasgui.min.js"
sed -i 's#/\*\# sourceMappingURL=[^*]*\*/##' "$dest.new/yasgui.min.css"

# The bundle must not reach for the internet by itself: the only fetch() targets
# allowed are the ones our page configures (prefixCcApi, the endpoint) and the LOV
# completers, which index.js replaces with local ones.
if grep -qE 'https?://(cdn|unpkg|fonts\.googleapis|www\.gstatic|cdnjs)' "$dest.new/yasgui.min.js" "$dest.new/yasgui.min.css"; then
  echo "vendor_assets: the bundle references a CDN; check before committing" >&2
  exit 1
fi

rm -rf "$dest"
mv "$dest.new" "$dest"
echo "@zazuko/yasgui $installed ($license) -> $dest"
ls -l "$dest"

# The map's world outline: Natural Earth 1:110m countries as TopoJSON (world-atlas, ISC).
WORLD_ATLAS_VERSION="${WORLD_ATLAS_VERSION:-2.0.2}"
npm install --no-audit --no-fund --ignore-scripts "world-atlas@${WORLD_ATLAS_VERSION}" >/dev/null
atlas="$here/server/static/vendor/world-atlas"
mkdir -p "$atlas"
cp "$tmp/node_modules/world-atlas/countries-110m.json" "$tmp/node_modules/world-atlas/LICENSE" "$atlas/"
echo "world-atlas ${WORLD_ATLAS_VERSION} -> $atlas (then: python scripts/country_centroids.py)"
