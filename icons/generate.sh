#!/usr/bin/env bash
# Regenerates every raster icon from icons/kubeha.svg. The results are committed, so the build
# does not need these tools; run this only after changing the SVG.
# Needs (Debian 12): librsvg2-bin (rsvg-convert), icoutils (icotool), icnsutils (png2icns).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
svg="$here/kubeha.svg"
window_dir="$here/../src/main/resources/dev/kubeha/ui/icons"

for tool in rsvg-convert icotool png2icns; do
  command -v "$tool" >/dev/null || { echo "generate.sh: $tool is missing (apt-get install librsvg2-bin icoutils icnsutils)" >&2; exit 1; }
done

sizes=(16 24 32 48 64 128 256 512)
for size in "${sizes[@]}"; do
  rsvg-convert --width "$size" --height "$size" --format png --output "$here/kubeha-$size.png" "$svg"
done

# Windows: the sizes Explorer and the taskbar use; 256 is stored as PNG inside the .ico.
icotool --create --output "$here/kubeha.ico" \
  "$here/kubeha-16.png" "$here/kubeha-24.png" "$here/kubeha-32.png" "$here/kubeha-48.png" \
  "$here/kubeha-64.png" "$here/kubeha-128.png" --raw="$here/kubeha-256.png"

# macOS: png2icns knows 16, 32, 48, 128, 256 and 512.
png2icns "$here/kubeha.icns" \
  "$here/kubeha-16.png" "$here/kubeha-32.png" "$here/kubeha-48.png" \
  "$here/kubeha-128.png" "$here/kubeha-256.png" "$here/kubeha-512.png" >/dev/null

# The window (KubehaApp) loads these from the class path.
mkdir -p "$window_dir"
for size in 16 24 32 48 64 128 256; do
  cp "$here/kubeha-$size.png" "$window_dir/kubeha-$size.png"
done
echo "icons regenerated from $svg"
