#!/bin/sh
# Copies the provider's template files as they were on swift-mustache (commit 891cc61) into Sources/OldTemplates.
set -eu
cd "$(dirname "$0")"
for f in TemplateContext TemplateRenderer TemplateSyntax TemplateTags Limits; do
    git show "891cc61:Sources/ProviderConfiguration/$f.swift" > "Sources/OldTemplates/$f.swift"
done
