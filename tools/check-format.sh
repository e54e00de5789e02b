#!/usr/bin/env bash
# Fails (exit 1) listing every C++ file under engine/ tools/ tests/ bench/ that clang-format would
# change, or that outgrew the house limit of lines per file. Usage: check-format.sh [clang-format]
set -euo pipefail
cd "$(dirname "$0")/.."
formatter=${1:-clang-format}
max_lines=450
status=0
while IFS= read -r -d '' file; do
    if ! "$formatter" --dry-run -Werror "$file" >/dev/null 2>&1; then
        echo "not formatted: $file (run: $formatter -i $file)"
        status=1
    fi
    lines=$(wc -l <"$file")
    if [ "$lines" -gt "$max_lines" ]; then
        echo "too long: $file has $lines lines (limit $max_lines): split it by responsibility"
        status=1
    fi
done < <(find engine tools tests bench -type f \( -name '*.cpp' -o -name '*.hpp' \) -print0 | sort -z)
exit $status
