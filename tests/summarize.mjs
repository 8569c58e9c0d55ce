// Sums the vitest JSON reports into one closing line: "Tests: N passed, N failed".
// A test file that fails to load has no failed tests of its own, so it counts as one failure.
import { readFileSync } from 'node:fs'

let passed = 0
let failed = 0
for (const file of process.argv.slice(2)) {
  const r = JSON.parse(readFileSync(file, 'utf8'))
  const brokenFiles = r.testResults.filter(f => f.status === 'failed' && f.assertionResults.length === 0).length
  passed += r.numPassedTests
  failed += r.numFailedTests + brokenFiles
  console.log(`${file}: ${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed, ${r.numPendingTests + r.numTodoTests} skipped`)
}
if (passed + failed === 0) {
  console.log('no test ran')
  process.exit(1)
}
console.log(`Tests: ${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
