#!/usr/bin/env bash
# Installs the Debian packages that salesplan and its tests need, once; a no-op when present.
set -euo pipefail
needed=()
command -v chromium >/dev/null || needed+=(chromium)
command -v pdftoppm >/dev/null || needed+=(poppler-utils)
command -v msgfmt >/dev/null || needed+=(gettext)
# A CJK font for the browser tests' screenshots (the PDF ships its own font under static/).
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || needed+=(fonts-noto-cjk)
ldconfig -p | grep -q libpango-1.0 || needed+=(libpango-1.0-0 libpangoft2-1.0-0)
((${#needed[@]})) || exit 0
echo "Installing Debian packages: ${needed[*]}"
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
