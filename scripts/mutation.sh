#!/usr/bin/env bash
# Mutation testing of the pure core with mutmut (configured in pyproject.toml [tool.mutmut]).
#
#   scripts/mutation.sh             every core module in the configuration
#   scripts/mutation.sh --changed   only the core modules changed since origin/main (or main)
#   scripts/mutation.sh formulas    one module (any in MODULES, dotted under core/)
#
# Prints mutmut's survivors and a summary line; docs/mutation-equivalents.md lists the
# survivors that are equivalent and why. Results are cached in mutants/ (git-ignored): a rerun
# only re-tests functions that changed. MUTATION_JOBS (default 2) sets the parallel children.
set -euo pipefail
cd "$(dirname "$0")/.."
MUTMUT=.venv/bin/mutmut
MODULES=(formulas figures.facts figures.exact figures.result figures.rank units periods rollup series orgs)

patterns=()
if [[ "${1:-}" == "--changed" ]]; then
    base=$(git merge-base HEAD origin/main 2>/dev/null || git merge-base HEAD main)
    for module in "${MODULES[@]}"; do
        file="src/gongshu_kpi/core/${module//.//}.py"
        if ! git diff --quiet "$base" -- "$file" || [[ -n "$(git status --porcelain -- "$file")" ]]; then
            patterns+=("gongshu_kpi.core.$module.*")
        fi
    done
    if [[ ${#patterns[@]} -eq 0 ]]; then
        echo "no core module in the mutation set changed since $base"
        exit 0
    fi
elif [[ $# -gt 0 ]]; then
    for module in "$@"; do
        patterns+=("gongshu_kpi.core.$module.*")
    done
fi

# mutmut regenerates the mutated modules but keeps its first copy of everything else under
# src/ (templates, renderers): refresh those so the tests see today's code.
if [[ -d mutants/src ]]; then
    mutated="^\./gongshu_kpi/core/($(IFS='|'; echo "${MODULES[*]//.//}"))\.py$"
    (cd src && find . -type f ! -path '*/__pycache__/*' | while read -r file; do
        [[ "$file" =~ $mutated ]] || cp --parents "$file" ../mutants/src/
    done)
fi

"$MUTMUT" run --max-children "${MUTATION_JOBS:-2}" "${patterns[@]}" >/dev/null 2>&1 || true
exec .venv/bin/python scripts/mutation_summary.py "${patterns[@]}"
