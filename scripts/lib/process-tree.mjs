// A process's descendants, read from /proc (Linux) or from `ps` elsewhere.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/** pid → parent pid of every process we can see. */
function parents() {
  const map = new Map()
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        // The command name sits in parentheses and may hold spaces: the fields after the last ')' are fixed.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        map.set(Number(entry), ppid)
      } catch {}
    }
  } catch {
    const lines = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n')
    for (const line of lines) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number)
      map.set(pid, ppid)
    }
  }
  return map
}

/** Every process below `pid` (children, their children, …). */
export function descendants(pid) {
  const byParent = new Map()
  for (const [child, parent] of parents()) byParent.set(parent, [...(byParent.get(parent) ?? []), child])
  const found = []
  const queue = [pid]
  while (queue.length > 0) {
    for (const child of byParent.get(queue.shift()) ?? []) {
      found.push(child)
      queue.push(child)
    }
  }
  return found
}
