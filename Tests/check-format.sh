#!/bin/sh
# `make check`'s format check: swift-format's lint (.swift-format, strict) and no line longer than 120 columns, over
# the Swift sources, tests and manifests we write (generated code, fixtures and the template corpus tool excluded).
set -eu
cd "$(dirname "$0")/.."
files=$(git ls-files '*.swift' | grep -v -e '^Sources/ProviderAPI/' -e '^Tests/TemplateCompat/' -e '^Tests/Fixtures/')
# shellcheck disable=SC2086
swift format lint --strict --parallel $files
# shellcheck disable=SC2086
long=$(LC_ALL=C.UTF-8 grep -nE "^.{121,}" $files || true)
if [ -n "$long" ]; then
    printf '%s\n' "$long" >&2
    echo "check-format: lines longer than 120 columns (above)" >&2
    exit 1
fi
echo "check-format: $(echo "$files" | wc -l) files formatted, every line within 120 columns"
