// Starts servers detached in their own process group, stops whole groups, and reads a group's CPU time from /proc.
import { spawn } from 'node:child_process'
import { openSync, readdirSync, readFileSync } from 'node:fs'
import { sleep } from './stats.mjs'

const started = new Set()

/** Spawns `command` detached (its own process group) with output to `logFile`; returns the child. */
export function spawnGroup(command, args, { cwd, env, logFile }) {
  const out = openSync(logFile, 'a')
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', out, out] })
  started.add(child.pid)
  return child
}

/** SIGTERMs the process group, then SIGKILLs whatever is left after `graceMs`. */
export async function killGroup(pid, graceMs = 2_000) {
  if (!started.has(pid)) return
  signalGroup(pid, 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline && groupPids(pid).length > 0) await sleep(50)
  signalGroup(pid, 'SIGKILL')
  started.delete(pid)
}

/** Synchronous last-resort kill of every group this process started (for exit handlers). */
export function killAllGroupsNow() {
  for (const pid of started) signalGroup(pid, 'SIGKILL')
  started.clear()
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal)
  } catch {
    // the group is already gone
  }
}

/** Pids whose process group is `pgid`. */
export function groupPids(pgid) {
  const pids = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const stat = readStat(name)
    if (stat && stat.pgrp === pgid) pids.push(Number(name))
  }
  return pids
}

/** Total user+system CPU time of a process group, in milliseconds (clock ticks are 10 ms on Linux). */
export function groupCpuMs(pgid) {
  let ticks = 0
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const stat = readStat(name)
    if (stat && stat.pgrp === pgid) ticks += stat.utime + stat.stime
  }
  return ticks * 10
}

/**
 * Waits until the process group uses less than `maxPercent` of a core over a `windowMs` window (work a measure left
 * behind, such as writes still draining after a burst, is then done), or `timeoutMs` passes. Resolves with the wait.
 */
export async function waitForQuiet(pgid, { windowMs = 250, maxPercent = 5, timeoutMs = 10_000 } = {}) {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    const before = groupCpuMs(pgid)
    await sleep(windowMs)
    if (((groupCpuMs(pgid) - before) / windowMs) * 100 < maxPercent) break
  }
  return Date.now() - started
}

function readStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { pgrp: Number(fields[2]), utime: Number(fields[11]), stime: Number(fields[12]) }
  } catch {
    return null
  }
}

/** Polls `url` until it answers (any HTTP status) or `timeoutMs` passes. */
export async function waitForHttp(url, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before ${url} answered`)
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) })
      await response.arrayBuffer()
      return
    } catch {
      await sleep(200)
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`)
}
