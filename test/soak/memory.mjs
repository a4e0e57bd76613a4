// Resident memory of a local Stepflare server: the summed RSS of its workerd processes, read from /proc (Linux only).
//
// workerdRss({ pgid })  sums VmRSS of every workerd process whose process group is `pgid` (how scripts start
//                       `wrangler dev` or a bare workerd: detached, in a group of their own).
// workerdRss({ pid })   sums VmRSS of every workerd process descended from `pid` (the pid itself included).
// Both answer in bytes; 0 when no workerd process matches. `memoryOf(options)` returns a `memory()` callback for
// `sseChurn` that throws when no workerd is found (a server that died would otherwise look like a perfect result).
import { readdirSync, readFileSync } from 'node:fs'

/** `{ pid, ppid, pgrp, name }` of every process still readable in /proc. */
function processes() {
  const found = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = readText(`/proc/${entry}/stat`)
    if (!stat) continue
    const close = stat.lastIndexOf(')')
    const name = stat.slice(stat.indexOf('(') + 1, close)
    const fields = stat.slice(close + 2).split(' ')
    found.push({ pid: Number(entry), ppid: Number(fields[1]), pgrp: Number(fields[2]), name })
  }
  return found
}

function readText(file) {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

/** VmRSS of a process in bytes (0 if it has gone or is a zombie). */
export function rssOf(pid) {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readText(`/proc/${pid}/status`) ?? '')
  return match ? Number(match[1]) * 1024 : 0
}

/** Pids of `root` and everything below it. */
function descendants(all, root) {
  const children = new Map()
  for (const { pid, ppid } of all) children.set(ppid, [...(children.get(ppid) ?? []), pid])
  const result = new Set([root])
  const stack = [root]
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()) ?? []) {
      if (!result.has(child)) {
        result.add(child)
        stack.push(child)
      }
    }
  }
  return result
}

/** The workerd processes of a process group (`pgid`) or under a process (`pid`). */
export function workerdPids({ pgid, pid } = {}) {
  if (pgid === undefined && pid === undefined) throw new Error('workerdPids needs { pgid } or { pid }')
  const all = processes()
  const under = pid === undefined ? null : descendants(all, pid)
  return all
    .filter((proc) => proc.name === 'workerd' && (pgid === undefined || proc.pgrp === pgid) && (!under || under.has(proc.pid)))
    .map((proc) => proc.pid)
}

/** Summed RSS in bytes of the workerd processes of a process group (`pgid`) or under a process (`pid`). */
export function workerdRss(options) {
  let total = 0
  for (const pid of workerdPids(options)) total += rssOf(pid)
  return total
}

/** A `memory()` callback for `sseChurn`: the workerd RSS of `options`, throwing if there is no workerd to measure. */
export function memoryOf(options) {
  return () => {
    const pids = workerdPids(options)
    if (pids.length === 0) throw new Error(`no workerd process found for ${JSON.stringify(options)}`)
    return pids.reduce((sum, pid) => sum + rssOf(pid), 0)
  }
}

/**
 * The workerd process that runs the Worker itself under `wrangler dev` (the one with an inspector), leaving out the
 * second workerd, wrangler's local proxy, which is dev tooling and grows with every request it forwards.
 */
export function workerPid({ pgid }) {
  const pid = workerdPids({ pgid }).find((candidate) => (readText(`/proc/${candidate}/cmdline`) ?? '').includes('--inspector-addr'))
  if (pid === undefined) throw new Error(`no Worker workerd process in process group ${pgid}`)
  return pid
}
