// Maps a job's property key (importCsv) to its registered name ('import-csv') without any server code.

/**
 * `importCsv` → `import-csv`, `syncHTTPFeed` → `sync-http-feed`. This is the naming convention of the app's
 * registry; the server's own job list (below) confirms or corrects it.
 */
export function kebabCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[_\s]+/g, '-')
    .toLowerCase()
}

/** Letters and digits only, lower case: `importCsv`, `import-csv` and `import_csv` all become `importcsv`. */
export function looseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '')
}

/** Job names the server documents: the `enum` of any `jobName` property in its OpenAPI document. */
export function jobNamesFromOpenApi(doc: unknown): string[] {
  const names = new Set<string>()
  const visit = (node: unknown, depth: number): void => {
    if (depth > 40 || node === null || typeof node !== 'object') return
    if (Array.isArray(node)) return node.forEach((child) => visit(child, depth + 1))
    for (const [key, value] of Object.entries(node)) {
      if (key === 'jobName') collectEnum(value, names)
      visit(value, depth + 1)
    }
  }
  visit(doc, 0)
  return [...names]
}

function collectEnum(schema: unknown, into: Set<string>): void {
  if (schema === null || typeof schema !== 'object') return
  const record = schema as { enum?: unknown; const?: unknown; anyOf?: unknown; oneOf?: unknown; items?: unknown }
  if (Array.isArray(record.enum)) for (const v of record.enum) if (typeof v === 'string') into.add(v)
  if (typeof record.const === 'string') into.add(record.const)
  for (const list of [record.anyOf, record.oneOf]) if (Array.isArray(list)) list.forEach((s) => collectEnum(s, into))
  if (record.items) collectEnum(record.items, into)
}

/** Picks the job name for a key: an explicit mapping, else the server's name that matches loosely, else kebab-case. */
export function pickJobName(key: string, serverNames: readonly string[], explicit?: Record<string, string>): string {
  const given = explicit?.[key]
  if (given) return given
  const loose = looseName(key)
  return serverNames.find((name) => looseName(name) === loose) ?? kebabCase(key)
}

export interface JobNameResolver {
  /** Best name known right now (explicit or kebab-case, refined once the server list has loaded). */
  nameNow(key: string): string
  /** The name to send: an explicit one at once, else after the server's job list has been consulted (fetched once). */
  resolve(key: string): Promise<string>
  /** The job names known without asking: the explicit map's, or the server's once loaded; null until then. */
  namesNow(): string[] | null
  /** Every job name: the explicit map's when given (no request), else the ones the server documents. */
  names(): Promise<string[]>
}

/**
 * Resolves job keys to names. Given a map of every job (as the app's registry provides), it never asks the server;
 * without one, the server's OpenAPI job list is fetched once, the first time a name is needed.
 */
export function createJobNameResolver(
  api: { openApi(): Promise<unknown> },
  explicit?: Readonly<Record<string, string>>,
): JobNameResolver {
  const given = explicit && Object.keys(explicit).length > 0 ? Object.values(explicit) : null
  let serverNames: string[] = []
  let loaded = false
  let loading: Promise<void> | null = null
  const load = () => {
    loading ??= api
      .openApi()
      .then((doc) => {
        serverNames = jobNamesFromOpenApi(doc)
        loaded = true
      })
      .catch(() => undefined)
    return loading
  }
  return {
    nameNow: (key) => pickJobName(key, serverNames, explicit),
    async resolve(key) {
      if (!explicit?.[key]) await load()
      return pickJobName(key, serverNames, explicit)
    },
    namesNow: () => given ?? (loaded ? serverNames : null),
    names: async () => given ?? load().then(() => serverNames),
  }
}
