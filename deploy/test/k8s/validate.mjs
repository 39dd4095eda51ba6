// deploy/k8s validated without a cluster: `kubectl kustomize` renders it, and every object is checked
// against the Kubernetes OpenAPI schema of its kind as bundled in kubernetes-models (a maintained npm
// package; `validate()` throws on a wrong type, a missing required field or an unknown enum value).
// Prints one line per object and "N passed, N failed".
import { execFileSync } from 'node:child_process'
import { parseAllDocuments } from 'yaml'

const dir = new URL('../../k8s', import.meta.url).pathname
const rendered = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 })
const objects = parseAllDocuments(rendered).map(doc => doc.toJS()).filter(Boolean)
let passed = 0
let failed = 0
for (const object of objects) {
  const label = `${object.apiVersion} ${object.kind} ${object.metadata?.name}`
  try {
    const module = await import(`kubernetes-models/${object.apiVersion}/${object.kind}`)
    new module[object.kind](object).validate()
    passed++
    console.log(`ok   ${label}`)
  } catch (err) {
    failed++
    console.log(`FAIL ${label}: ${err.message}`)
  }
}
if (objects.length === 0) failed++
console.log(`k8s schema check: ${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
