// Opens the SQLite file for the @coji/durably server: better-sqlite3 when its native module is built, else libsql.
import { createRequire } from 'node:module'
import { SqliteDialect } from 'kysely'

const require = createRequire(import.meta.url)

/** Returns `{ dialect, driver }` for a SQLite file in WAL mode. */
export async function openSqliteDialect(file) {
  try {
    const Database = require('better-sqlite3')
    const database = new Database(file)
    database.pragma('journal_mode = WAL')
    database.pragma('synchronous = NORMAL')
    return { dialect: new SqliteDialect({ database }), driver: 'better-sqlite3 (WAL)' }
  } catch (error) {
    const { createClient } = await import('@libsql/client')
    const { LibsqlDialect } = await import('@libsql/kysely-libsql')
    const client = createClient({ url: `file:${file}` })
    await client.execute('PRAGMA journal_mode = WAL')
    return { dialect: new LibsqlDialect({ client }), driver: `libsql (better-sqlite3 unavailable: ${error.code ?? error.message})` }
  }
}
