// `npm run check:cycles`: fails when modules of worker/ or client/ import each other in a cycle (type-only imports
// count). madge, dependency-cruiser and dpdm parse TypeScript with its compiler API, which TypeScript 7 no longer
// ships, so the imports are read here from the source text: every static `import`/`export … from` and `import()`.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { root } from './lib/wrangler.mjs'

const FOLDERS = ['worker', 'client']
const EXTENSIONS = ['.ts', '.tsx']
const SPECIFIER = /(?:^|[\s;])(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name)
    if (name === 'node_modules' || name === 'dist') return []
    if (statSync(file).isDirectory()) return sourceFiles(file)
    return EXTENSIONS.some((ext) => name.endsWith(ext)) && !name.endsWith('.d.ts') ? [file] : []
  })
}

/** The file a relative specifier names, or undefined for packages and anything not in the tree. */
function resolve(from, specifier, known) {
  if (!specifier.startsWith('.')) return undefined
  const base = path.resolve(path.dirname(from), specifier)
  return [base, ...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => path.join(base, `index${ext}`))].find((file) => known.has(file))
}

/** Comments hold example imports; strip them (strings are left alone, imports only appear outside them). */
function withoutComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
}

const files = FOLDERS.flatMap((folder) => sourceFiles(path.join(root, folder)))
const known = new Set(files)
const graph = new Map(
  files.map((file) => {
    const targets = new Set()
    for (const match of withoutComments(readFileSync(file, 'utf8')).matchAll(SPECIFIER)) {
      const target = resolve(file, match[1] ?? match[2] ?? match[3], known)
      if (target) targets.add(target)
    }
    return [file, [...targets]]
  }),
)

// Tarjan's strongly connected components: every component of more than one module (or a self-import) is a cycle.
let index = 0
const indices = new Map()
const lowlinks = new Map()
const stack = []
const onStack = new Set()
const cycles = []
function connect(file) {
  indices.set(file, index)
  lowlinks.set(file, index++)
  stack.push(file)
  onStack.add(file)
  for (const target of graph.get(file) ?? []) {
    if (!indices.has(target)) {
      connect(target)
      lowlinks.set(file, Math.min(lowlinks.get(file), lowlinks.get(target)))
    } else if (onStack.has(target)) lowlinks.set(file, Math.min(lowlinks.get(file), indices.get(target)))
  }
  if (lowlinks.get(file) !== indices.get(file)) return
  const component = []
  let member
  do {
    member = stack.pop()
    onStack.delete(member)
    component.push(member)
  } while (member !== file)
  if (component.length > 1 || graph.get(file)?.includes(file)) cycles.push(component)
}
for (const file of files) if (!indices.has(file)) connect(file)

const show = (file) => path.relative(root, file)
if (cycles.length === 0) {
  console.log(`no import cycles among ${files.length} modules of ${FOLDERS.join(' and ')}`)
} else {
  for (const component of cycles) console.error(`import cycle: ${component.map(show).sort().join(' ↔ ')}`)
  process.exit(1)
}
