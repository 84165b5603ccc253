#!/usr/bin/env bash
# Prints the "failing tests" section (failures, then todos) of node:test spec reports, and each
# report's closing counts: a long run's failures then sit in the last lines of its log.
#   bash scripts/print-failures.sh REPORT...
for report in "$@"; do
  [ -f "$report" ] || continue
  echo "== $report"
  grep -E '^ℹ (tests|pass|fail|cancelled|skipped|todo) ' "$report"
  # The section lists todos too, marked "# <reason>" after the duration.
  sed -n '/^✖ failing tests:/,$p' "$report" | head -n 400
done
