// `npm start` stops everything it started: killed with its process group (even SIGKILL), or sent SIGTERM alone.
// Run: node test/reliability/stop.test.mjs   (exits non-zero on failure)
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { quietEnv, root } from '../../scripts/lib/wrangler.mjs'

const port = Number(process.env.STOP_TEST_PORT ?? 8783)
let passed = 0
let failed = 0
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function check(name, ok, detail = '') {
  if (ok) passed++
  else failed++
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`)
}

/** Live pids of a process group (read from /proc). */
function groupMembers(pgid) {
  const members = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry))
    } catch {}
  }
  return members
}

async function answers() {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/durably/session`, { signal: AbortSignal.timeout(2_000) })
    await response.body?.cancel()
    return true
  } catch {
    return false
  }
}

async function until(predicate, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await predicate()) return true
    await sleep(200)
  }
  return false
}

/** `npm start` in a process group of its own (as a terminal would run it), on a fresh local state. */
async function startServer(persistTo) {
  const child = spawn('npm', ['start', '--', '--persist-to', persistTo, '--ip', '127.0.0.1', '--inspector-port', String(port + 1000)], {
    cwd: root,
    env: { ...quietEnv, PORT: String(port), STEPFLARE_SKIP_BUILD: '1' },
    detached: true,
    stdio: 'ignore',
  })
  const up = await until(answers, 60_000)
  return { child, up, workerd: groupMembers(child.pid).filter((pid) => commandOf(pid).includes('workerd')) }
}

async function scenario(name, stop) {
  const persistTo = mkdtempSync(path.join(tmpdir(), 'stepflare-stop-'))
  const { child, up, workerd } = await startServer(persistTo)
  try {
    check(`${name}: npm start serves`, up)
    check(`${name}: workerd runs in its process group`, workerd.length > 0, `${workerd.length} workerd processes`)
    stop(child)
    const down = await until(async () => !(await answers()), 15_000)
    const gone = await until(async () => groupMembers(child.pid).length === 0 && workerd.every((pid) => !alive(pid)), 15_000)
    check(`${name}: the port stops answering`, down)
    check(`${name}: no process it started is left`, gone, `left: group ${groupMembers(child.pid).join(',')} workerd ${workerd.filter(alive).join(',')}`)
  } finally {
    try {
      process.kill(-child.pid, 'SIGKILL')
    } catch {}
    for (const pid of workerd) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {}
    }
    rmSync(persistTo, { recursive: true, force: true })
  }
}

function commandOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return ''
  }
}

function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
  } catch {
    return false
  }
}

// npm start writes a .dev.vars on first use; leave the checkout as it was.
const devVars = path.join(root, '.dev.vars')
const hadDevVars = existsSync(devVars)
try {
  await scenario('SIGKILL to the process group', (child) => process.kill(-child.pid, 'SIGKILL'))
  await scenario('SIGTERM to npm alone', (child) => process.kill(child.pid, 'SIGTERM'))
} catch (error) {
  failed++
  console.error(error)
} finally {
  if (!hadDevVars) rmSync(devVars, { force: true })
}
console.log(`stop: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
