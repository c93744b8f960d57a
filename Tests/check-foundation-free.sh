#!/bin/sh
# Fails when the shipped binary carries full Foundation or ICU (issue 22): `make test` runs it on the release build.
#   1. every object file of a shipped target must not ask the linker for Foundation, CoreFoundation or ICU (its
#      .swift1_autolink_entries: what `import Foundation` adds, whether or not anything is used);
#   2. the unstripped binary must hold no ICU data (`icudt`) and no symbol of the Foundation module ($s10Foundation)
#      or of CoreFoundation (CFRunLoop), whoever brought them.
#   3. the binary must not need libyaml's or libstdc++'s shared library (both are linked statically).
# Usage: Tests/check-foundation-free.sh <release bin dir>
set -eu
bin=$1
binary=$bin/vault-csi-provider
# The project's targets that the vault-csi-provider executable links (Package.swift).
shipped="ProviderAPI ProviderValues ProviderConfiguration ProxyEnvironment HTTPTransport VaultContract VaultClient KubernetesClient CFileSystemType
SecretsProvider ProviderWiring ProviderLogging ProviderCommandLine ProviderServer vault_csi_provider"
shipped="$shipped $(cd "$bin" && ls -d CYAML.build YAMLNodes.build TemplateEngine.build 2>/dev/null | sed 's/\.build$//' || true)"
failed=0
for target in $shipped; do
    [ -d "$bin/$target.build" ] || { echo "check-foundation-free: no objects for $target in $bin" >&2; exit 2; }
    # The objects of the target's current sources (its output file map), not those left by deleted files.
    map="$bin/$target.build/output-file-map.json"
    if [ -f "$map" ]; then
        objects=$(grep -oE '"object" *: *"[^"]*"' "$map" | sed -E 's/.*: *"(.*)"/\1/')
    else
        objects=$(ls "$bin/$target.build"/*.o 2>/dev/null || true)
    fi
    for object in $objects; do
        [ -e "$object" ] || continue
        asks=$(readelf -p .swift1_autolink_entries "$object" 2>/dev/null |
            grep -oE -- '-l(Foundation|CoreFoundation|_FoundationICU|FoundationInternationalization|FoundationNetworking|FoundationXML)$' || true)
        if [ -n "$asks" ]; then
            echo "FAIL: $target/$(basename "$object" .o) links $(echo "$asks" | tr '\n' ' ')(import FoundationEssentials instead)"
            failed=1
        fi
    done
done
if strings -a "$binary" | grep -q icudt; then
    echo "FAIL: $binary holds ICU data (icudt)"
    failed=1
fi
# libyaml comes in statically (YAMLNodes links libyaml.a): the image carries no libyaml.so.
if ldd "$binary" 2>/dev/null | grep -q libyaml; then
    echo "FAIL: $binary needs libyaml's shared library (link libyaml.a)"
    failed=1
fi
# libstdc++ too (deploy/link/libstdc++.so points the release link at libstdc++.a): less to map at start.
if ldd "$binary" 2>/dev/null | grep -q 'libstdc++'; then
    echo "FAIL: $binary needs libstdc++'s shared library (see deploy/link/libstdc++.so)"
    failed=1
fi
symbols=$(nm "$binary" 2>/dev/null | grep -cE ' \$s10Foundation|CFRunLoop' || true)
if [ "$symbols" -gt 0 ]; then
    echo "FAIL: $binary holds $symbols symbols of Foundation or CoreFoundation"
    failed=1
fi
[ $failed -eq 0 ] && echo "check-foundation-free: no Foundation, CoreFoundation or ICU in $binary ($(du -m "$binary" | cut -f1) MB unstripped)"
exit $failed
